using RRBackup.Cli.Output;
using RRBackup.Engine.Errors;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup init [PATH]`: write a commented starter configuration.ini; never overwrites a file.</summary>
public static class InitCommand
{
    public static int Run(ParsedArguments args, CliOutput output)
    {
        if (args.Positional.Count > 1)
        {
            throw ArgumentParser.Usage($"'init' takes at most 1 argument, got {args.Positional.Count}: usage: {Help.HelpText.UsageOf("init")}", args);
        }

        var file = Path.GetFullPath(Target(args));
        var folder = Path.GetDirectoryName(file)!;
        try
        {
            Directory.CreateDirectory(folder);
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
            writer.Write(StarterConfiguration.Text.ReplaceLineEndings("\n"));
        }
        catch (IOException) when (File.Exists(file) || Directory.Exists(file))
        {
            throw new RRBackupException(ErrorCodes.InvalidArguments, ErrorKind.Usage,
                $"'{file}' already exists, and init never overwrites a file: edit it, or give init another PATH (then use --config PATH)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RRBackupException(ErrorCodes.LocalIoFailure, ErrorKind.LocalIo, $"cannot write the starter configuration '{file}': {e.Message}", e);
        }

        var config = IsDefault(file) ? "" : $" --config {Quote(Path.GetRelativePath(Environment.CurrentDirectory, file))}";
        var colour = output.Out;
        output.Result($"Wrote a starter configuration to {colour.Bold(file)}.");
        output.Result($"It backs up {Path.Join(folder, "data")} into the local store {Path.Join(folder, "store")}; S3 and encryption examples are in it, commented out.");
        output.Result("Next:");
        output.Result($"  1. edit base_path in it: the folder to back up");
        output.Result($"  2. rrbackup{config}                       commit it as the first version");
        output.Result($"  3. rrbackup{config} list_versions         list the versions");
        output.Result($"  4. rrbackup{config} download latest ./out  get the newest version back");
        return ExitCodes.Ok;
    }

    /// <summary>PATH (a folder means PATH/configuration.ini), else --config, else ./configuration.ini.</summary>
    private static string Target(ParsedArguments args)
    {
        if (args.Positional.Count == 0)
        {
            return args.ConfigFile;
        }

        var path = args.Positional[0];
        return Directory.Exists(path) || path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar)
            ? Path.Join(path, "configuration.ini")
            : path;
    }

    private static bool IsDefault(string file) =>
        string.Equals(file, Path.GetFullPath("configuration.ini"), StringComparison.Ordinal);

    private static string Quote(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'" : path;
}
