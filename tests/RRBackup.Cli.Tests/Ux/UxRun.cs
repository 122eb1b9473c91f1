using System.Text.Json;
using System.Text.RegularExpressions;
using RRBackup.Cli.Tests.Support;

namespace RRBackup.Cli.Tests.Ux;

/// <summary>Helpers of the user-experience tests: runs with an environment, JSON parsing, escape codes.</summary>
public static partial class UxRun
{
    /// <summary>Runs rrbackup in the sandbox folder with extra environment variables.</summary>
    public static ProcessResult Run(CliSandbox sandbox, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RrBackupProcess.Run(sandbox.Root, arguments, environment: environment);

    /// <summary>Parses standard output as exactly one JSON document and returns its root (a clone that outlives the document).</summary>
    public static JsonElement JsonOf(ProcessResult result)
    {
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return ParseJson(result);
    }

    /// <summary>Parses standard output as exactly one JSON document, whatever the exit code.</summary>
    public static JsonElement ParseJson(ProcessResult result)
    {
        try
        {
            using var document = JsonDocument.Parse(result.StandardOutput);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            Assert.Fail($"standard output is not one JSON document: {e.Message}{Environment.NewLine}{result}");
            throw;
        }
    }

    /// <summary>Asserts that an object has exactly these properties, in this order, each of the given kind (Null is allowed where listed).</summary>
    public static void AssertFields(JsonElement element, string what, params (string Name, JsonValueKind[] Kinds)[] fields)
    {
        Assert.That(element.ValueKind, Is.EqualTo(JsonValueKind.Object), $"{what} is not an object: {element}");
        var names = element.EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(names, Is.EqualTo(fields.Select(f => f.Name).ToList()), $"{what}: the documented fields, in order: {element}");
        foreach (var (name, kinds) in fields)
        {
            Assert.That(kinds, Does.Contain(element.GetProperty(name).ValueKind), $"{what}.{name} is {element.GetProperty(name).ValueKind}: {element}");
        }
    }

    public static readonly JsonValueKind[] JString = [JsonValueKind.String];
    public static readonly JsonValueKind[] JStringOrNull = [JsonValueKind.String, JsonValueKind.Null];
    public static readonly JsonValueKind[] JNumber = [JsonValueKind.Number];
    public static readonly JsonValueKind[] JNumberOrNull = [JsonValueKind.Number, JsonValueKind.Null];
    public static readonly JsonValueKind[] JBool = [JsonValueKind.True, JsonValueKind.False];
    public static readonly JsonValueKind[] JArray = [JsonValueKind.Array];
    public static readonly JsonValueKind[] JObject = [JsonValueKind.Object];

    /// <summary>Any ANSI escape sequence (colours, cursor movement).</summary>
    public static bool HasEscape(string text) => text.Contains('\u001b', StringComparison.Ordinal);

    /// <summary>A colour or style (SGR) sequence such as ESC[33m.</summary>
    public static bool HasColour(string text) => Sgr().IsMatch(text);

    [GeneratedRegex(@"\u001b\[[0-9;]*m")]
    private static partial Regex Sgr();

    /// <summary>Writes <paramref name="count"/> small files of distinct contents under base, spread over folders.</summary>
    public static void WriteManyFiles(CliSandbox sandbox, int count, int size = 512)
    {
        var random = new Random(count);
        for (var i = 0; i < count; i++)
        {
            var content = new byte[size];
            random.NextBytes(content);
            BitConverter.GetBytes(i).CopyTo(content, 0);
            CliSandbox.WriteFileUnder(sandbox.BasePath, $"/d{i % 25:00}/f{i:00000}.bin", content, SourceTimes.At(i % 1000));
        }
    }
}
