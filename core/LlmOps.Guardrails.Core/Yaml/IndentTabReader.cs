using System.IO;
using LlmOps.Guardrails.Core.Prompts;

namespace LlmOps.Guardrails.Core.Yaml;

/// <summary>
/// Passes the YAML to YamlDotNet's scanner and notes, on the way, the first tab used to indent a line. YamlDotNet
/// reports such a file where the indentation stops making sense (often the enclosing mapping), but the person needs
/// to see the tab itself. Noting it while the text streams by keeps a file on disk from being read into one string.
/// </summary>
internal sealed class IndentTabReader : TextReader
{
    private readonly TextReader _inner;
    private readonly char[] _buffer;
    private int _position;
    private int _length;
    private int _line = 1;
    private int _column = 1;
    private bool _leading = true;
    private SourcePosition? _candidate;

    /// <param name="inner">The YAML.</param>
    /// <param name="length">How long the YAML is, when known: a short text gets a buffer no longer than itself.</param>
    public IndentTabReader(TextReader inner, int? length = null)
    {
        _inner = inner;
        _buffer = new char[length is { } known ? System.Math.Max(16, System.Math.Min(4096, known)) : 4096];
    }

    /// <summary>
    /// The first tab, among the text read so far, in the leading whitespace (spaces, tabs and list dashes) of a line
    /// that goes on with content; a tab before a comment or on an otherwise blank line is harmless and not noted.
    /// </summary>
    public SourcePosition? FirstTab { get; private set; }

    public override int Peek() => _position < _length || Fill() ? _buffer[_position] : -1;

    public override int Read() => _position < _length || Fill() ? _buffer[_position++] : -1;

    public override int Read(char[] buffer, int index, int count)
    {
        if (_position >= _length && !Fill())
        {
            return 0;
        }

        var copied = System.Math.Min(count, _length - _position);
        System.Array.Copy(_buffer, _position, buffer, index, copied);
        _position += copied;
        return copied;
    }

    // Reads a block and notes its tabs in one tight loop, so the scanner's char-by-char reads stay cheap.
    private bool Fill()
    {
        _length = _inner.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        for (var i = 0; i < _length && FirstTab is null; i++)
        {
            Note(_buffer[i]);
        }

        return _length > 0;
    }

    private void Note(char c)
    {
        if (c == '\n')
        {
            _line++;
            _column = 1;
            _leading = true;
            _candidate = null;
            return;
        }

        if (_leading)
        {
            if (c == '\t')
            {
                _candidate ??= new SourcePosition(_line, _column);
            }
            else if (c is not (' ' or '-'))
            {
                if (_candidate is not null && c is not ('\r' or '#'))
                {
                    FirstTab = _candidate;
                }

                _leading = false;
                _candidate = null;
            }
        }

        _column++;
    }
}
