using System.Text;

namespace RRBackup.Cli.Tests.Support;

/// <summary>A text writer another thread may write to while a test reads what it holds so far.</summary>
public sealed class LockedWriter : TextWriter
{
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_text)
        {
            _text.Append(buffer, index, count);
        }
    }

    /// <summary>Everything written so far.</summary>
    public string Snapshot()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
