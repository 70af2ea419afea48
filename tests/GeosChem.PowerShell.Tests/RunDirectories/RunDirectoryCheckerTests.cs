using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.RunDirectories;

namespace GeosChem.PowerShell.Tests.RunDirectories;

/// <summary>Test-GcRunDirectory's checks on the real run directories, changed the way users change them.</summary>
public sealed class RunDirectoryCheckerTests
{
    private static List<GcRunDirectoryIssue> Check(string dir, JobShape? job = null) => RunDirectoryChecker.Check(RunDirectoryReader.Read(dir), job ?? new JobShape());

    private static void SetGchp(string dir, string name, string value)
    {
        var file = Path.Combine(dir, "setCommonRunSettings.sh");
        File.WriteAllText(file, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(file), $"(?m)^{name}=.*$", $"{name}={value}"));
    }

    [SharedGeosChemFact]
    public void TheGchpRunDirectoryAsMadeHasNoErrorsButSaysWhatTheJobWillChange()
    {
        var issues = Check(SharedGeosChem.Extract("gchp_merra2_fullchem"));
        Assert.DoesNotContain(issues, i => i.Severity == "Error");
        var restarts = Assert.Single(issues, i => i.Setting == "Checkpoint_Freq");
        Assert.Contains("only at the end of the run", restarts.Problem);
        Assert.Contains("every simulated day", restarts.Fix);
        Assert.Contains(issues, i => i.Setting == "DataRoot" && i.Problem.Contains("HEMCO_Config.rc: ROOT") && i.Fix.Contains("rewrites"));
        Assert.Contains(issues, i => i.Setting == "Links" && i.Problem.StartsWith("8 link(s) point into the data root (ChemDir, HcoDir, MetDir, Restarts/") && i.Fix.Contains("makes them again"));
        Assert.Contains(issues, i => i.Setting == "Links" && i.Problem.StartsWith("2 link(s) point elsewhere") && i.Problem.Contains("CodeDir, runScriptSamples") && i.Fix.Contains("does not need them"));
    }

    [SharedGeosChemFact]
    public void GchpCoresThatDoNotAddUpAreAnError()
    {
        var dir = SharedGeosChem.Extract("gchp_merra2_fullchem");
        SetGchp(dir, "TOTAL_CORES", "90");
        var issue = Assert.Single(Check(dir), i => i.Severity == "Error");
        Assert.Equal("TOTAL_CORES", issue.Setting);
        Assert.Contains("2 x 48 = 96", issue.Problem);
        Assert.Contains("TOTAL_CORES=96", issue.Fix);
    }

    [SharedGeosChemFact]
    public void JobRanksMustBeAMultipleOfSixWithinTheGridsLimitAndFitTheInstance()
    {
        var dir = SharedGeosChem.Extract("gchp_merra2_fullchem");
        var notSix = Check(dir, new JobShape(NodeCount: 1, CoresPerNode: 64));
        Assert.Contains(notSix, i => i.Severity == "Error" && i.Problem.Contains("64 cores is not a multiple of 6") && i.Fix.Contains("60 or 66"));
        Assert.Contains(notSix, i => i.Setting == "NUM_NODES" && i.Severity == "Info" && i.Fix.Contains("from the job"));
        var tooMany = Check(dir, new JobShape(NodeCount: 5, CoresPerNode: 48));
        Assert.Contains(tooMany, i => i.Severity == "Error" && i.Problem.Contains("240 cores is more than C24 can use (216"));
        var tooBig = Check(dir, new JobShape("c5.4xlarge", 2, 48));
        Assert.Contains(tooBig, i => i.Setting == "NUM_CORES_PER_NODE" && i.Problem.Contains("c5.4xlarge (16 vCPUs)"));
    }

    [SharedGeosChemFact]
    public void MemoryPerRankIsChecked()
    {
        var dir = SharedGeosChem.Extract("gchp_merra2_fullchem");
        // c5.12xlarge: 96 GiB, of which a job gets 86; 48 GCHP ranks at C24 need far more per node (Planning's MemoryModel)
        var issue = Assert.Single(Check(dir, new JobShape("c5.12xlarge", 2, 48)), i => i.Setting == "MemoryPerRank");
        Assert.Equal("Error", issue.Severity);
        Assert.Contains("a job on c5.12xlarge gets 86 GiB", issue.Problem);
        Assert.DoesNotContain(Check(dir, new JobShape("r5.12xlarge", 2, 48)), i => i.Setting == "MemoryPerRank");
    }

    [SharedGeosChemFact]
    public void ACarbonRunNeedsTheCarbonExecutable()
    {
        var dir = SharedGeosChem.Extract("gc_4x5_merra2_carbon");
        var issue = Assert.Single(Check(dir, new JobShape(Executable: "gcclassic")), i => i.Severity == "Error");
        Assert.Equal("Executable", issue.Setting);
        Assert.Contains("needs gcclassic-carbon", issue.Problem);
        Assert.DoesNotContain(Check(dir, new JobShape(Executable: "gcclassic-carbon")), i => i.Severity == "Error");
    }

    [SharedGeosChemFact]
    public void MonthlyRestartsAreReportedAsNotSurvivingSpotAndDailyOnesAreNot()
    {
        var dir = SharedGeosChem.Extract("gc_4x5_merra2_fullchem");
        Assert.Contains(Check(dir), i => i.Setting == "Restart.frequency" && i.Problem.Contains("every 00000100 000000"));
        var history = Path.Combine(dir, "HISTORY.rc");
        File.WriteAllText(history, File.ReadAllText(history).Replace("Restart.frequency:          00000100 000000", "Restart.frequency:          00000001 000000"));
        Assert.DoesNotContain(Check(dir), i => i.Setting == "Restart.frequency");
    }

    [SharedGeosChemFact]
    public void ClassicMemoryIsCheckedAgainstTheInstance()
    {
        var dir = SharedGeosChem.Extract("gc_4x5_merra2_fullchem");
        Assert.Contains(Check(dir, new JobShape("c5.large")), i => i.Setting == "Memory" && i.Severity == "Error");
        Assert.DoesNotContain(Check(dir, new JobShape("c5.4xlarge")), i => i.Severity == "Error");
    }
}

/// <summary>The job's disk: what it stages, writes and keeps, against the root volume the launch template gives every instance.</summary>
public sealed class ScratchCheckTests
{
    private static GcRunDirectoryIssue Scratch(string name, JobShape job, DiskShape disk) =>
        Assert.Single(RunDirectoryChecker.Check(RunDirectoryReader.Read(SharedGeosChem.Extract(name)), job, disk), i => i.Setting == "Scratch");

    [SharedGeosChemFact]
    public void AGchpMonthFitsThePlatformDefaultAndSaysWhatItReadsAndHowLongStagingTakes()
    {
        var issue = Scratch("gchp_merra2_fullchem", new JobShape(), new DiskShape(200, "test"));
        Assert.Equal("Info", issue.Severity);
        Assert.Contains("input 99.65 GB", issue.Problem);   // 31 days of about 1174 GB a year of 0.5x0.625 MERRA-2
        Assert.Contains("staging the input from s3://geos-chem takes at least 117 s", issue.Problem);
    }

    [SharedGeosChemFact]
    public void ARootVolumeTooSmallForOneJobIsAnErrorNamingTheSizeNeeded()
    {
        var issue = Scratch("gchp_merra2_fullchem", new JobShape(), new DiskShape(100, "compute.rootVolumeGiB in test.json"));
        Assert.Equal("Error", issue.Severity);
        Assert.Contains("100 GiB root volume (compute.rootVolumeGiB in test.json), 70 GiB of it free for jobs", issue.Problem);
        Assert.Contains("Set-GcConfiguration compute.rootVolumeGiB 155", issue.Fix); // 125 GiB + 30 kept for the system
        Assert.Contains("-SegmentLength", issue.Fix);
        Assert.Contains("fsx_lustre_storage_gib", issue.Fix);
    }

    [SharedGeosChemFact]
    public void JobsThatShareAHostShareItsDisk()
    {
        // 8-vCPU GCClassic jobs: 24 of them fit on a 192-vCPU c7i.48xlarge, and 24 x 11 GiB is more than 170 GiB.
        var issue = Scratch("gc_4x5_merra2_fullchem", new JobShape("c7i.48xlarge", 1, 8), new DiskShape(200, "test"));
        Assert.Equal("Warning", issue.Severity);
        Assert.StartsWith("24 such jobs fit on one c7i.48xlarge", issue.Problem);
        var alone = Scratch("gc_4x5_merra2_fullchem", new JobShape("c7i.48xlarge", 1, 192), new DiskShape(200, "test"));
        Assert.Equal("Info", alone.Severity);
    }

    [SharedGeosChemFact]
    public void AMeasuredInputSizeIsUsed()
    {
        var issue = Scratch("gc_4x5_merra2_fullchem", new JobShape(), new DiskShape(200, "test", InputGB: 250));
        Assert.Equal("Error", issue.Severity);
        Assert.Contains("input 250 GB (measured", issue.Problem);
    }
}
