using RRBackup.Engine.Errors;

namespace RRBackup.Cli.Commands;

/// <summary>`rrbackup change_password`: seal the store's key under a new password (read from a file, the environment, or standard input).</summary>
public static class ChangePasswordCommand
{
    public const string NewPasswordVariable = "RRBACKUP_NEW_CRYPT_PASSWORD";

    public static async Task<int> RunAsync(CommandContext context)
    {
        context.RequireArguments(0);
        await context.Engine.ChangePasswordAsync(ReadNewPassword(context.Args), context.CancellationToken);
        context.Output.Result("Password changed: every version now opens with the new password only. Update crypt_password (or its file, or "
            + "RRBACKUP_CRYPT_PASSWORD) on every machine that uses this store.");
        return ExitCodes.Ok;
    }

    private static string ReadNewPassword(ParsedArguments args)
    {
        if (args.NewPasswordFile is { } file)
        {
            try
            {
                return File.ReadAllText(file).TrimEnd('\r', '\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new RRBackupException(ErrorCodes.InvalidArguments, ErrorKind.Usage, $"the new password file '{Path.GetFullPath(file)}' cannot be read: {e.Message}", e);
            }
        }

        if (Environment.GetEnvironmentVariable(NewPasswordVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? "";
        }

        var first = Prompt("New password: ");
        if (Prompt("Repeat the new password: ") != first)
        {
            throw new RRBackupException(ErrorCodes.InvalidArguments, ErrorKind.Usage, "the two passwords differ; nothing was changed");
        }

        return first;
    }

    /// <summary>Reads a line from the terminal without echoing it.</summary>
    private static string Prompt(string text)
    {
        Console.Error.Write(text);
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
