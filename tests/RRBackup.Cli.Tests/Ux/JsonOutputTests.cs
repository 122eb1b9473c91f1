using System.Text.Json;
using RRBackup.Cli.Tests.Support;
using static RRBackup.Cli.Tests.Ux.UxRun;

namespace RRBackup.Cli.Tests.Ux;

/// <summary>`--json`: one JSON document on standard output per command, with the fields docs/cli.md documents; warnings stay on standard error.</summary>
[TestFixture]
public sealed class JsonOutputTests
{
    private CliSandbox _sandbox = null!;

    [SetUp]
    public void SetUp()
    {
        _sandbox = new CliSandbox();
        _sandbox.WriteConfig();
        _sandbox.WriteFile("/a.txt", "alpha\n", SourceTimes.At(1));
        _sandbox.WriteFile("/dir/b.txt", "bravo\n", SourceTimes.At(2));
        _sandbox.WriteFile("/old.log", "gone soon\n", SourceTimes.At(3));
    }

    [TearDown]
    public void TearDown() => _sandbox.Dispose();

    private static void AssertVersion(JsonElement version, string what) =>
        AssertFields(version, what,
            ("version_id", JString), ("sequence", JNumber), ("parent_version_id", JStringOrNull), ("time", JString), ("message", JStringOrNull),
            ("labels", JObject), ("file_count", JNumber), ("total_bytes", JNumber), ("change_count", JNumber));

    private static void AssertCommit(JsonElement commit) =>
        AssertFields(commit, "commit",
            ("new_version", JBool), ("version_id", JStringOrNull), ("sequence", JNumberOrNull), ("added", JNumber), ("changed", JNumber),
            ("deleted", JNumber), ("moved", JNumber), ("touched", JNumber), ("objects_uploaded", JNumber), ("bytes_uploaded", JNumber),
            ("file_count", JNumber), ("skipped", JNumber));

    [Test]
    public void Commit_prints_one_document_with_the_new_version_and_its_counts()
    {
        var commit = JsonOf(_sandbox.Run("--json", "--label", "build=1", "--message", "first"));

        AssertCommit(commit);
        Assert.That(commit.GetProperty("new_version").GetBoolean(), Is.True);
        Assert.That(commit.GetProperty("sequence").GetInt64(), Is.EqualTo(1));
        Assert.That(commit.GetProperty("added").GetInt32(), Is.EqualTo(3));
        Assert.That(commit.GetProperty("file_count").GetInt64(), Is.EqualTo(3));
        Assert.That(commit.GetProperty("objects_uploaded").GetInt32(), Is.EqualTo(3));
        Assert.That(commit.GetProperty("version_id").GetString(), Is.EqualTo(_sandbox.ListVersions().Single().VersionId));
    }

    [Test]
    public void A_commit_with_no_change_prints_new_version_false_and_null_ids()
    {
        _sandbox.Commit();

        var commit = JsonOf(_sandbox.Run("--json"));

        AssertCommit(commit);
        Assert.That(commit.GetProperty("new_version").GetBoolean(), Is.False);
        Assert.That(commit.GetProperty("version_id").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(commit.GetProperty("sequence").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(commit.GetProperty("file_count").GetInt64(), Is.EqualTo(3));
    }

    [Test]
    public void List_versions_prints_every_version_oldest_first_with_labels_as_an_object()
    {
        _sandbox.Commit("--label", "build=1", "--message", "first \"one\"");
        _sandbox.WriteFile("/c.txt", "charlie\n", SourceTimes.At(4));
        _sandbox.Commit("--label", "build=2", "--label", "git=abc");

        var list = JsonOf(_sandbox.Run("list_versions", "--json"));

        AssertFields(list, "list_versions", ("versions", JArray));
        var versions = list.GetProperty("versions").EnumerateArray().ToList();
        Assert.That(versions, Has.Count.EqualTo(2));
        AssertVersion(versions[0], "versions[0]");
        AssertVersion(versions[1], "versions[1]");
        Assert.That(versions.Select(v => v.GetProperty("version_id").GetString()), Is.EqualTo(_sandbox.ListVersions().Select(v => v.VersionId)));
        Assert.That(versions[0].GetProperty("message").GetString(), Is.EqualTo("first \"one\""));
        Assert.That(versions[1].GetProperty("message").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(versions[1].GetProperty("parent_version_id").GetString(), Is.EqualTo(versions[0].GetProperty("version_id").GetString()));
        Assert.That(versions[1].GetProperty("labels").GetProperty("git").GetString(), Is.EqualTo("abc"));
        Assert.That(versions[1].GetProperty("file_count").GetInt64(), Is.EqualTo(4));
        Assert.That(DateTimeOffset.Parse(versions[0].GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Offset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(versions[0].GetProperty("time").GetString(), Does.EndWith("Z"));
    }

    [Test]
    public void List_versions_with_no_version_prints_an_empty_list()
    {
        Directory.Delete(_sandbox.BasePath, recursive: true);
        Directory.CreateDirectory(_sandbox.BasePath);
        _sandbox.RunOk(); // creates the store, makes no version

        var list = JsonOf(_sandbox.Run("list_versions", "--json"));

        Assert.That(list.GetProperty("versions").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void List_files_prints_the_version_and_every_file_with_its_size_time_and_hash()
    {
        _sandbox.Commit();

        var list = JsonOf(_sandbox.Run("list_files", "latest", "--json"));

        AssertFields(list, "list_files", ("version", JObject), ("files", JArray));
        AssertVersion(list.GetProperty("version"), "version");
        var files = list.GetProperty("files").EnumerateArray().ToList();
        Assert.That(files.Select(f => f.GetProperty("path").GetString()), Is.EqualTo(new[] { "/a.txt", "/dir/b.txt", "/old.log" }));
        foreach (var file in files)
        {
            AssertFields(file, "file", ("path", JString), ("size", JNumber), ("modified", JString), ("sha256", JString), ("link_target", JStringOrNull));
        }

        Assert.That(files[0].GetProperty("size").GetInt64(), Is.EqualTo(6));
        Assert.That(files[0].GetProperty("sha256").GetString(), Has.Length.EqualTo(64));
        Assert.That(files[0].GetProperty("modified").GetDateTime().ToUniversalTime(), Is.EqualTo(SourceTimes.At(1)));
    }

    [Test]
    public void List_changes_prints_each_change_with_its_kind_and_marks_deduplicated_files()
    {
        _sandbox.Commit();
        _sandbox.MoveFile("/dir/b.txt", "/dir/moved.txt");
        _sandbox.DeleteFile("/old.log");
        _sandbox.WriteFile("/a.txt", "alpha, changed\n", SourceTimes.At(5));
        _sandbox.WriteFile("/copy-of-old-a.txt", "alpha\n", SourceTimes.At(6));
        _sandbox.WriteFile("/new.txt", "new\n", SourceTimes.At(7));
        _sandbox.Commit();

        var list = JsonOf(_sandbox.Run("list_changes", "latest", "--json"));

        AssertFields(list, "list_changes", ("version", JObject), ("changes", JArray));
        AssertVersion(list.GetProperty("version"), "version");
        var changes = list.GetProperty("changes").EnumerateArray().ToList();
        foreach (var change in changes)
        {
            AssertFields(change, "change",
                ("kind", JString), ("path", JString), ("from_path", JStringOrNull), ("size", JNumberOrNull), ("modified", JStringOrNull),
                ("sha256", JStringOrNull), ("link_target", JStringOrNull), ("deduplicated", JBool));
        }

        var byPath = changes.ToDictionary(c => c.GetProperty("path").GetString()!);
        Assert.That(byPath.Keys, Is.EquivalentTo(new[] { "/a.txt", "/copy-of-old-a.txt", "/dir/moved.txt", "/new.txt", "/old.log" }));
        Assert.That(byPath["/a.txt"].GetProperty("kind").GetString(), Is.EqualTo("changed"));
        Assert.That(byPath["/old.log"].GetProperty("kind").GetString(), Is.EqualTo("deleted"));
        Assert.That(byPath["/old.log"].GetProperty("size").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(byPath["/dir/moved.txt"].GetProperty("kind").GetString(), Is.EqualTo("moved"));
        Assert.That(byPath["/dir/moved.txt"].GetProperty("from_path").GetString(), Is.EqualTo("/dir/b.txt"));
        Assert.That(byPath["/new.txt"].GetProperty("kind").GetString(), Is.EqualTo("added"));
        Assert.That(byPath["/new.txt"].GetProperty("deduplicated").GetBoolean(), Is.False, "new contents are uploaded");
        Assert.That(byPath["/copy-of-old-a.txt"].GetProperty("kind").GetString(), Is.EqualTo("added"));
        Assert.That(byPath["/copy-of-old-a.txt"].GetProperty("deduplicated").GetBoolean(), Is.True, "a copy of a file the store holds is not uploaded again");
    }

    [Test]
    public void Identical_new_files_in_one_commit_are_uploaded_once_and_the_others_are_marked()
    {
        _sandbox.WriteFile("/twin-1.txt", "same\n", SourceTimes.At(8));
        _sandbox.WriteFile("/twin-2.txt", "same\n", SourceTimes.At(9));
        var commit = JsonOf(_sandbox.Run("--json"));

        var changes = JsonOf(_sandbox.Run("list_changes", "latest", "--json")).GetProperty("changes").EnumerateArray()
            .ToDictionary(c => c.GetProperty("path").GetString()!, c => c.GetProperty("deduplicated").GetBoolean());

        Assert.That(commit.GetProperty("objects_uploaded").GetInt32(), Is.EqualTo(4));
        Assert.That(changes.Count(c => c.Value), Is.EqualTo(1), "one of the twins is a reference to the other");
        Assert.That(changes["/twin-2.txt"], Is.True);
    }

    [Test]
    public void Download_prints_what_it_wrote_transferred_reused_and_removed()
    {
        _sandbox.Commit();
        var target = _sandbox.NewPath("restore");

        var download = JsonOf(_sandbox.Run("download", "latest", target, "--json"));

        AssertFields(download, "download",
            ("version_id", JString), ("target", JString), ("mode", JString), ("file_count", JNumber), ("bytes", JNumber),
            ("transferred", JNumber), ("reused", JNumber), ("removed", JNumber), ("stamp_file", JStringOrNull));
        Assert.That(download.GetProperty("mode").GetString(), Is.EqualTo("merge"));
        Assert.That(download.GetProperty("target").GetString(), Is.EqualTo(target));
        Assert.That(download.GetProperty("file_count").GetInt32(), Is.EqualTo(3));
        Assert.That(download.GetProperty("bytes").GetInt64(), Is.EqualTo(22));
        Assert.That(download.GetProperty("stamp_file").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public void Verify_prints_healthy_and_the_counts_and_lists_problems_with_exit_code_6()
    {
        _sandbox.Commit();

        var verify = JsonOf(_sandbox.Run("verify", "--json"));

        AssertFields(verify, "verify",
            ("healthy", JBool), ("versions_checked", JNumber), ("objects_checked", JNumber), ("data_read", JBool), ("problems", JArray), ("skipped_versions", JArray));
        Assert.That(verify.GetProperty("healthy").GetBoolean(), Is.True);
        Assert.That(verify.GetProperty("objects_checked").GetInt32(), Is.EqualTo(3));

        foreach (var file in Directory.EnumerateFiles(_sandbox.StorePath, "*", SearchOption.AllDirectories).Where(f => f.Contains("a.txt", StringComparison.Ordinal)))
        {
            File.Delete(file);
        }

        var broken = _sandbox.Run("verify", "--json", "--read-data");
        Assert.That(broken.ExitCode, Is.EqualTo(6), broken.ToString());
        var document = ParseJson(broken);
        Assert.That(document.GetProperty("healthy").GetBoolean(), Is.False);
        Assert.That(document.GetProperty("data_read").GetBoolean(), Is.True);
        var problem = document.GetProperty("problems").EnumerateArray().First();
        AssertFields(problem, "problem", ("path", JStringOrNull), ("key", JString), ("version_id", JStringOrNull), ("problem", JString));
        Assert.That(problem.GetProperty("path").GetString(), Is.EqualTo("/a.txt"));
        Assert.That(broken.StandardError, Does.Contain("problem: /a.txt"), "problems are also reported on standard error");
    }

    [Test]
    public void Garbage_collect_prints_what_it_would_delete()
    {
        _sandbox.Commit();

        var gc = JsonOf(_sandbox.Run("garbage_collect", "--dry-run", "--json"));

        AssertFields(gc, "garbage_collect", ("dry_run", JBool), ("count", JNumber), ("bytes", JNumber), ("object_versions", JArray));
        Assert.That(gc.GetProperty("dry_run").GetBoolean(), Is.True);
        Assert.That(gc.GetProperty("count").GetInt32(), Is.EqualTo(gc.GetProperty("object_versions").GetArrayLength()));
        var real = JsonOf(_sandbox.Run("garbage_collect", "--json"));
        Assert.That(real.GetProperty("dry_run").GetBoolean(), Is.False);
    }

    [Test]
    public void Decode_and_recover_print_their_documents()
    {
        _sandbox.Commit();
        var objectFile = Directory.EnumerateFiles(Path.Combine(_sandbox.StorePath), "*", SearchOption.AllDirectories)
            .First(f => f.Contains("/a.txt/~v/", StringComparison.Ordinal) && Path.GetFileName(f) != "~lock");

        var decode = JsonOf(_sandbox.Run("decode", objectFile, "decoded.txt", "--json"));
        AssertFields(decode, "decode", ("kind", JString), ("path", JStringOrNull), ("size", JNumber), ("sha256", JString), ("output", JString));
        Assert.That(decode.GetProperty("kind").GetString(), Is.EqualTo("FileData"));
        Assert.That(decode.GetProperty("path").GetString(), Is.EqualTo("/a.txt"));

        var recover = JsonOf(_sandbox.Run("recover", "recovered", "--json"));
        AssertFields(recover, "recover", ("target", JString), ("file_count", JNumber), ("failure_count", JNumber), ("failures", JArray));
        Assert.That(recover.GetProperty("file_count").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public void Warnings_stay_on_standard_error_and_the_document_still_parses()
    {
        File.AppendAllText(_sandbox.ConfigFile, "\n[main2]\nfoo: bar\n");

        var result = _sandbox.Run("--json");
        var commit = JsonOf(result);

        Assert.That(commit.GetProperty("new_version").GetBoolean(), Is.True);
        Assert.That(result.StandardError, Does.Contain("warning RRB2005"), result.ToString());
    }

    [Test]
    public void An_error_prints_nothing_on_standard_output_and_the_error_on_standard_error()
    {
        _sandbox.Commit();

        var result = _sandbox.RunFailing(5, ["list_files", "label:build=404", "--json"], "error RRB4001");

        Assert.That(result.StandardOutput, Is.Empty);
    }

    [TestCase("init")]
    [TestCase("change_password")]
    public void Json_with_a_command_that_prints_no_result_is_a_usage_error(string command)
    {
        _sandbox.RunFailing(2, [command, "--json"], "--json");
    }
}
