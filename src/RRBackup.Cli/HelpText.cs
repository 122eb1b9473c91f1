namespace RRBackup.Cli;

/// <summary>What `rrbackup --help` prints.</summary>
public static class HelpText
{
    public const string Text = """
        rrbackup: back up a folder as atomic, versioned commits into a versioned object store.

        Usage:
          rrbackup [--message TEXT] [--label KEY=VALUE]...   commit base_path as a new version
          rrbackup list_versions                             list all versions, oldest first (version id last)
          rrbackup list_files VERSION                        list the files of a version
          rrbackup list_changes VERSION                      list what changed in a version
          rrbackup download VERSION TARGET [FILTER_FILE]     download a version into TARGET (created if missing)
                   [--include PATTERN]... [--exclude PATTERN]...
          rrbackup decode OBJECT_FILE OUTPUT_FILE            decode one object copied out of the store
          rrbackup recover TARGET                            rebuild files from their objects when the manifest is lost
          rrbackup verify [VERSION | --all] [--read-data]     check that every object the versions need exists
                                                             (and with --read-data, decodes to its recorded hash)
          rrbackup garbage_collect [--dry-run]               delete object versions no version references
          rrbackup change_password [--new-password-file PATH]
                                                             seal the store's key under a new password (also read from
                                                             RRBACKUP_NEW_CRYPT_PASSWORD or standard input)

        VERSION is 'latest', a version id, a unique prefix of one, or label:KEY=VALUE (the newest
        version carrying that label). FILTER_FILE lists patterns of files NOT to download, one per line.
        Patterns: '/a/b.txt' (anchored at base_path), '*.log' (at any depth), '/cache' (a folder and all in it).

        Options:
          -c, --config PATH     the configuration file (default: ./configuration.ini)
          -m, --message TEXT    a message for the commit
          -l, --label KEY=VALUE a label for the commit (repeatable); a labelled commit is recorded even with no change
          --include PATTERN     download only matching files (repeatable)
          --exclude PATTERN     do not download matching files (repeatable)
          -h, --help            show this help

        Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 configuration, 4 locked, 5 version not found,
        6 corrupt or missing data, 7 store unreachable or failing, 8 local file error, 9 wrong password,
        10 conflict (another writer committed first every time),
        130 cancelled.

        Examples:
          rrbackup --label build=77 --message "nightly"
          rrbackup download label:build=77 ./restore --include /reports
        """;
}
