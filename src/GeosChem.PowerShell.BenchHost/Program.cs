// pwsh's own entry point (PowerShell's src/powershell/Program.cs calls the same method once it has handled a login shell).
return Microsoft.PowerShell.UnmanagedPSEntry.Start(args, args.Length);
