namespace RRBackup.Cli.Help;

/// <summary>What `rrbackup --help` and `rrbackup COMMAND --help` print.</summary>
public static class HelpText
{
    private const string CommonOptions = """
          -c, --config PATH     the configuration file (default: ./configuration.ini; 'rrbackup init' writes one)
          -q, --quiet           print errors only (no progress, no result text, no warnings)
          --progress MODE       auto (a live display on a terminal, a few lines in a log), plain (lines, always), none
          --no-color            no colours, even on a terminal (so does the environment variable NO_COLOR)
        """;

    private const string JsonOption = """
          --json                print the result as one JSON document on standard output (fields: docs/cli.md)
        """;

    public const string General = """
        rrbackup: back up a folder as atomic, versioned commits into a versioned object store
        (S3, an S3-compatible server, or a local folder), and download any version, or part of one.

        Usage: rrbackup [COMMAND] [ARGUMENTS] [OPTIONS]

        Start here:
          rrbackup init [PATH]                               write a commented starter configuration.ini
          rrbackup [--message TEXT] [--label KEY=VALUE]...   commit base_path as a new version (the default command)

        Look at the versions:
          rrbackup list_versions                             list all versions, oldest first (version id last)
          rrbackup list_files VERSION                        list the files of a version
          rrbackup list_changes VERSION                      list what changed in a version

        Get files back:
          rrbackup download VERSION TARGET [FILTER_FILE]     download a version into TARGET (created if missing)
                   [--include PATTERN]... [--exclude PATTERN]... [--mirror | --atomic]
          rrbackup recover TARGET                            rebuild files from their objects when the manifest is lost
          rrbackup decode OBJECT_FILE OUTPUT_FILE            decode one object copied out of the store

        Look after the store:
          rrbackup verify [VERSION | --all] [--read-data]    check that every object the versions need exists
                                                             (and with --read-data, decodes to its recorded hash)
          rrbackup garbage_collect [--dry-run]               delete object versions no version references
          rrbackup change_password [--new-password-file PATH]
                                                             seal the store's key under a new password

        VERSION is 'latest', a version id, a unique prefix of one, or label:KEY=VALUE (the newest
        version carrying that label). FILTER_FILE lists patterns of files NOT to download, one per line.
        Patterns: '/a/b.txt' (anchored at base_path), '*.log' (at any depth), '/cache' (a folder and all in it).

        Options:
          -m, --message TEXT    a message for the commit
          -l, --label KEY=VALUE a label for the commit (repeatable); a labelled commit is recorded even with no change
          --include PATTERN     download only matching files (repeatable)
          --exclude PATTERN     do not download matching files (repeatable)
          --mirror              download: make TARGET exactly the version (other files removed; unchanged files kept)
          --atomic              download: build the version beside TARGET, then swap it in at once
          --json                print the result as one JSON document (every command that prints results)
          -c, --config PATH     the configuration file (default: ./configuration.ini)
          -q, --quiet           print errors only
          --progress MODE       auto, plain or none (progress goes to standard error)
          --no-color            no colours (also: NO_COLOR=1); colours are only ever used on a terminal
          -h, --help            show this help; 'rrbackup COMMAND --help' shows a command's help with examples

        Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 configuration, 4 locked, 5 version not found,
        6 corrupt or missing data, 7 store unreachable or failing, 8 local file error, 9 wrong password,
        10 conflict (another writer committed first every time), 130 cancelled.

        Examples:
          rrbackup init                                      write ./configuration.ini, then set base_path in it
          rrbackup                                           commit base_path
          rrbackup --label build=77 --message "nightly"
          rrbackup list_versions
          rrbackup download label:build=77 ./restore --include /reports
          rrbackup download label:build=77 /srv/app --atomic
          rrbackup list_changes latest --json

        More: docs/cli.md, docs/configuration.md, docs/getting-started-cli.md.
        """;

    /// <summary>Each command's help: usage, what it does, its options, examples.</summary>
    private static readonly Dictionary<string, CommandHelp> Commands = new(StringComparer.Ordinal)
    {
        ["commit"] = new(
            "rrbackup [commit] [--message TEXT] [--label KEY=VALUE]... [--json]",
            """
            Commits base_path (from the configuration) as a new version. This is what 'rrbackup' does with
            no command. Only new and changed files (by size and modification time) are read and uploaded;
            contents the store already holds (copies, renames) are not uploaded again. When nothing changed
            and no label is given, no version is made and the command says so; a commit with a label is
            always recorded, so that a CI build's label always names the content it saw.
            """,
            """
              -m, --message TEXT     a message, shown by list_versions
              -l, --label KEY=VALUE  a label (repeatable); pick the version later with label:KEY=VALUE
            """,
            """
              rrbackup
              rrbackup --message "before the upgrade"
              rrbackup --label build=123 --label branch=main
              rrbackup --config /etc/rrbackup/web.ini --quiet          (cron: errors only)
              rrbackup --json | jq -r .version_id
            """),
        ["list_versions"] = new(
            "rrbackup list_versions [--json]",
            """
            Lists every version, oldest first: time (UTC), files, bytes, message, labels, and the version id
            last, so that a script can take it with awk '{print $NF}'. On a terminal a header line comes first.
            """,
            "",
            """
              rrbackup list_versions
              rrbackup list_versions | tail -n 1 | awk '{print $NF}'   (the newest version id)
              rrbackup list_versions --json | jq -r '.versions[] | select(.labels.build == "123") | .version_id'
            """),
        ["list_files"] = new(
            "rrbackup list_files VERSION [--json]",
            """
            Lists the files of a version in path order: size in bytes, modification time (UTC) and path.
            A symbolic link shows as 'PATH -> TARGET'.
            """,
            "",
            """
              rrbackup list_files latest
              rrbackup list_files label:build=123
              rrbackup list_files 2.45e3 --json
            """),
        ["list_changes"] = new(
            "rrbackup list_changes VERSION [--json]",
            """
            Lists what a version changed against the one before it, in path order: added, changed, deleted,
            moved (OLD -> NEW) and touched (same contents, new time). On a terminal, files whose contents
            the store already held are marked '(deduplicated: stored once)'; in JSON, "deduplicated": true.
            """,
            "",
            """
              rrbackup list_changes latest
              rrbackup list_changes label:build=123 --json
            """),
        ["download"] = new(
            "rrbackup download VERSION TARGET [FILTER_FILE] [--include PATTERN]... [--exclude PATTERN]... [--mirror | --atomic] [--json]",
            """
            Restores the files of VERSION, or the part the patterns select, into the folder TARGET (created
            if missing). Every file is written under a temporary name, checked against its SHA-256 and
            renamed into place. FILTER_FILE lists patterns of files not to download, one per line.

            How TARGET is treated:
              (default)   the version's files are written over what is there; other files are left alone
              --mirror    TARGET becomes exactly the version: files not in it are removed. A stamp file
                          (.rrbackup-version) names the version, and the next --mirror or --atomic download
                          only transfers the files that differ from the stamped version.
              --atomic    the version is built in a staging folder beside TARGET, checked, and swapped in
                          at once: a service reading TARGET never sees a half-written deploy. Stamped too.
            """,
            """
              --include PATTERN      download only matching files (repeatable)
              --exclude PATTERN      do not download matching files (repeatable)
              --mirror               make TARGET exactly the version, in place
              --atomic               build the version beside TARGET and swap it in
            """,
            """
              rrbackup download latest ./restore
              rrbackup download latest ./restore --include /reports --exclude '*.tmp'
              rrbackup download 2.45e3 ./restore skip-these.txt
              rrbackup download label:build=123 /srv/app --atomic        (a deploy)
              rrbackup download label:build=124 /srv/app --mirror        (only what changed is transferred)
            """),
        ["verify"] = new(
            "rrbackup verify [VERSION | --all] [--read-data] [--json]",
            """
            Checks that every object a version needs is in the store (the latest version, VERSION, or with
            --all every version). With --read-data every object is read, decrypted and hashed. Problems are
            listed on standard error; the exit code is 6 when there is any.
            """,
            """
              --all                  check every version
              --read-data            read and hash every object, not only list it
            """,
            """
              rrbackup verify
              rrbackup verify --all --read-data
              rrbackup verify label:build=123 --json
            """),
        ["garbage_collect"] = new(
            "rrbackup garbage_collect [--dry-run] [--json]",
            """
            Deletes the object versions that no version of the history references (left by interrupted
            commits, or recorded as garbage by write-only clients). Needs a read-write client.
            """,
            """
              --dry-run              list what would be deleted, delete nothing
            """,
            """
              rrbackup garbage_collect --dry-run
              rrbackup garbage_collect
            """),
        ["decode"] = new(
            "rrbackup decode OBJECT_FILE OUTPUT_FILE [--json]",
            """
            Decodes one object copied by hand out of the store (a file of a local store, or an S3 object
            version fetched with any S3 client) into OUTPUT_FILE, with the configuration's password.
            """,
            "",
            """
              rrbackup decode ./object.bin ./contents.txt
            """),
        ["recover"] = new(
            "rrbackup recover TARGET [--json]",
            """
            Rebuilds files into TARGET from the file objects alone, when the manifest is lost or corrupt.
            Deleted files come back, modification times are not kept, and files stored as references to
            other files' contents are not recovered: prefer download whenever it works.
            """,
            "",
            """
              rrbackup recover ./recovered
            """),
        ["change_password"] = new(
            "rrbackup change_password [--new-password-file PATH]",
            """
            Seals the store's data key under a new password; every version stays readable with the new
            password only. The new password comes from --new-password-file, RRBACKUP_NEW_CRYPT_PASSWORD,
            standard input, or a prompt. Then update the password on every machine that uses the store.
            """,
            """
              --new-password-file PATH  read the new password from this file
            """,
            """
              rrbackup change_password
              RRBACKUP_NEW_CRYPT_PASSWORD="$NEW" rrbackup change_password
            """),
        ["init"] = new(
            "rrbackup init [PATH]",
            """
            Writes a commented starter configuration: a local store, with S3 and encryption examples
            commented out. PATH is the file to write (a folder means PATH/configuration.ini); without it,
            --config PATH or ./configuration.ini. An existing file is never overwritten. Reads no
            configuration.
            """,
            "",
            """
              rrbackup init
              rrbackup init /etc/rrbackup/web.ini
              rrbackup init backup/ && rrbackup --config backup/configuration.ini
            """),
    };

    /// <summary>The one-line usage of a command.</summary>
    public static string UsageOf(string command) => Commands.TryGetValue(command, out var help) ? help.Usage : "rrbackup --help";

    /// <summary>The help of one command.</summary>
    public static string ForCommand(string command)
    {
        var help = Commands[command];
        var text = new System.Text.StringBuilder()
            .AppendLine($"Usage: {help.Usage}")
            .AppendLine()
            .AppendLine(help.Description.TrimEnd())
            .AppendLine()
            .AppendLine("Options:");
        if (help.Options.Length > 0)
        {
            text.Append(help.Options.TrimEnd('\n', '\r')).AppendLine();
        }

        if (ArgumentParser.JsonCommands.Contains(command))
        {
            text.AppendLine(JsonOption.TrimEnd());
        }

        text.AppendLine(CommonOptions.TrimEnd())
            .AppendLine()
            .AppendLine("Examples:")
            .AppendLine(help.Examples.TrimEnd())
            .AppendLine()
            .AppendLine("VERSION is 'latest', a version id, a unique prefix of one, or label:KEY=VALUE. More: docs/cli.md");
        return text.ToString();
    }

    private sealed record CommandHelp(string Usage, string Description, string Options, string Examples);
}
