using RRBackup.Engine.Errors;

namespace RRBackup.Cake.Tests;

/// <summary>A Cake run stopped by an RRBackup failure outside a task ends with the engine's exit code for it, which the rrbackup command uses too.</summary>
[TestFixture]
public sealed class ExitCodeTests
{
    [TestCaseSource(nameof(Kinds))]
    public void Each_kind_of_failure_has_the_exit_code_of_rrbackup(ErrorKind kind) =>
        Assert.That(ExitCodes.For(kind), Is.EqualTo(RRBackup.Cli.ExitCodes.For(kind)));

    [TestCaseSource(nameof(Kinds))]
    public void No_kind_of_failure_falls_back_to_the_unexpected_error_code(ErrorKind kind) =>
        Assert.That(ExitCodes.For(kind), Is.Not.EqualTo(ExitCodes.Unexpected));

    private static IEnumerable<ErrorKind> Kinds() => Enum.GetValues<ErrorKind>();
}
