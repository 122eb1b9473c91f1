namespace RRBackup.Cli.Commands;

/// <summary>The commented configuration.ini that `rrbackup init` writes.</summary>
/// <remarks>
/// Comments stand on lines of their own: the configuration format has no end-of-line comments. With
/// the commented-out lines left as they are it backs up ./data into the local store ./store;
/// tests/RRBackup.Cli.Tests/Ux/InitTests.cs checks that it loads as written and with the S3 and
/// encryption examples switched on.
/// </remarks>
public static class StarterConfiguration
{
    public const string Text = """
        # RRBackup configuration, written by 'rrbackup init'.
        #
        # Every line is 'key: value'. A line starting with '#' or ';' is a comment (there are no comments
        # at the end of a line). Relative paths are taken from the folder of this file, not from the
        # current folder. Every key is described in docs/configuration.md.
        #
        # Next steps:
        #   1. set base_path below to the folder to back up
        #   2. rrbackup                          commit it as the first version
        #   3. rrbackup list_versions            list the versions
        #   4. rrbackup download latest ./out    get the newest version back

        [main]
        # The folder to back up.
        base_path:           data

        # A local cache of the newest manifest, so that a commit need not read the history from the
        # store. It can always be rebuilt from the store; use one per configuration.
        local_manifest_file: .rrbackup-cache/manifest.json

        # Files and folders not to back up: comma-separated patterns. '/cache' is the folder cache right
        # in base_path, '*.tmp' any .tmp file at any depth, 'node_modules' every such folder.
        ignore_files:        *.tmp, *.swp

        # Files that stay in the backup after they are deleted here (for example, archived snapshots).
        # skip_delete:         /snapshots

        # True makes this machine read-only: it may list and download, never commit.
        commit_locked:       False

        # Encryption. With a password, every file and the manifest are compressed and encrypted
        # (Argon2id, then AEGIS-256). Give it in ONE place: here, in a file, or in the environment
        # variable RRBACKUP_CRYPT_PASSWORD. Without the password nothing can be restored: keep a copy.
        # crypt_password:      a long passphrase
        # crypt_password_file: /etc/rrbackup/password

        # Where the versions go: a folder on this machine (created by the first commit) ...
        [local]
        path: store

        # ... or an S3 bucket, with versioning (switched on by the first commit if it is off). To use
        # it, delete the [local] section above and remove the '# ' in front of the lines below.
        # [s3]
        # bucket:     my-backups
        # region:     eu-central-1
        #
        # Credentials: leave both keys out to use the AWS environment or profile (AWS_PROFILE,
        # AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an instance role).
        # access_key: AKIAEXAMPLE
        # secret_key: wJalrXUtnFEMI/EXAMPLEKEY
        #
        # For Ceph RGW, MinIO and other S3-compatible servers, instead of region:
        # endpoint:   http://127.0.0.1:7480
        # path_style: True
        # checksums:  when_required

        # How each file is stored, first matching pattern first (needs a password for encrypt):
        # [file_pipeline]
        # *.jpg:  encrypt
        # *.zip:  encrypt
        # *:      compress, encrypt

        """;
}
