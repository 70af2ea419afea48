#!/usr/bin/env bash
# Prints, one per line, the external commands a set of bash scripts can run. bash itself parses each file (as the body
# of a function) and prints it back normalised: one simple command per line, case patterns on lines of their own,
# heredocs verbatim. From that text, heredoc bodies, case patterns, single-quoted text (also over several lines) and
# double-quoted strings without a command substitution
# are dropped, the rest is split at | && || ; $( ` and keywords, and the first word of each command is kept. Shell
# keywords and builtins, the scripts' own functions, assignments and variable expansions ("$executable") are left out.
# Usage: list-commands.sh <script>...
set -euo pipefail

for file in "$@"; do
    # shellcheck disable=SC2016 # the body is expanded by the inner bash on purpose
    bash -c 'eval "__gc_body() {
$(cat "$1")
}" && declare -f __gc_body' _ "$file"
done | perl -ne '
    if (defined $heredoc) { undef $heredoc if /^\s*\Q$heredoc\E\s*$/; next }
    if ($quoted) { next unless s/^[^\x27]*\x27//; undef $quoted }  # the rest of a single-quoted text over several lines (an awk program)
    $heredoc = $1 if /<<-?\s*[\x27"]?(\w+)[\x27"]?/;
    next if /^[^(]*\)\s*$/;                                  # a case pattern line: carbon | CH4)
    s/\x27[^\x27]*\x27/""/g;                                 # single-quoted text holds no commands
    s/"((?:[^"\\]|\\.)*)"/index($1, "\$(") >= 0 ? "\"$1\"" : "\"\""/ge;
    $quoted = 1 if s/\x27.*$//;                             # a single-quoted text that goes on past this line
    s/\$\(\((?:(?!\$\().)*?\)\)//g;                         # arithmetic without a $(...) inside
    s/\$\(\(/ /g;                                            # arithmetic with one: only the $(...) holds commands
    s/\$\{[^}\$]*\}//g;                                   # ${var}, ${var:-word} (not those holding a $(...))
    for (split /\|\||&&|\||;|\$\(|`|\bthen\b|\bdo\b|\belse\b|\belif\b|\bif\b|\bwhile\b|\buntil\b|!/) {
        s/^\s+//;
        s/^(\w+=("[^"]*"|\S*)\s*)+//;                        # leading assignments
        my ($word) = split /\s+/;
        $word =~ s/[)}]+$// if defined $word;
        print "$word\n" if defined $word && $word =~ m{^[A-Za-z/][A-Za-z0-9._/+-]*$};
    }' |
    grep -vxE 'if|then|else|elif|fi|for|in|do|done|while|until|case|esac|function|time|select|local|declare|export|readonly|return|exit|echo|printf|read|set|shift|source|trap|wait|kill|cd|pwd|test|true|false|eval|exec|unset|command|type|hash|builtin|let|break|continue|getopts|umask|ulimit|mapfile|readarray|shopt|__gc_body' |
    grep -vxF -f <(grep -hoE '^[[:space:]]*[A-Za-z_][A-Za-z0-9_]*[[:space:]]*\(\)' "$@" | tr -d ' ()' | sort -u) |
    sort -u
