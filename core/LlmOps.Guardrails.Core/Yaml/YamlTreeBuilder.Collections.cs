using LlmOps.Guardrails.Core.Prompts;
using YamlDotNet.Core.Tokens;

namespace LlmOps.Guardrails.Core.Yaml;

/// <summary>The block and flow collections: lists and mappings, each entered one level deeper.</summary>
internal sealed partial class YamlTreeBuilder
{
    private YSequence ReadBlockSequence(SourcePosition start, int depth)
    {
        var sequence = Enter(new YSequence(start) { File = _file }, depth);
        _tokens.Next();
        while (true)
        {
            var token = _tokens.Peek();
            if (token is BlockEnd)
            {
                _tokens.Next();
                return sequence;
            }

            if (token is not BlockEntry)
            {
                throw Syntax(token, "expected a list item ('- ...') here; check the indentation of this line.");
            }

            _tokens.Next();
            var item = _tokens.Peek() is BlockEntry or BlockEnd ? Empty(End(token)) : ReadNode(block: true, indentless: false, depth + 1);
            Add(sequence, item);
        }
    }

    // A list written at the same indentation as its key ("models:" then "- id: ...") has no start or end token.
    private YSequence ReadIndentlessSequence(SourcePosition start, int depth)
    {
        var sequence = Enter(new YSequence(start) { File = _file }, depth);
        while (_tokens.Peek() is BlockEntry)
        {
            var entry = _tokens.Next();
            var item = _tokens.Peek() is BlockEntry or Key or Value or BlockEnd ? Empty(End(entry)) : ReadNode(block: true, indentless: false, depth + 1);
            Add(sequence, item);
        }

        return sequence;
    }

    private YMapping ReadBlockMapping(SourcePosition start, int depth)
    {
        var mapping = Enter(new YMapping(start) { File = _file }, depth);
        var keys = default(KeyIndex);
        _tokens.Next();
        while (true)
        {
            var token = _tokens.Peek();
            if (token is BlockEnd)
            {
                _tokens.Next();
                return mapping;
            }

            if (token is not Key)
            {
                throw Syntax(token, token is Value
                    ? "a value (': ...') needs a key before it; write 'key: value'."
                    : "expected 'key: value' here; check the indentation of this line.");
            }

            _tokens.Next();
            var key = _tokens.Peek() is Key or Value or BlockEnd ? Empty(End(token)) : ReadNode(block: true, indentless: true, depth + 1);
            YNode value;
            if (_tokens.Peek() is Value valueToken)
            {
                _tokens.Next();
                value = _tokens.Peek() is Key or Value or BlockEnd ? Empty(End(valueToken)) : ReadNode(block: true, indentless: true, depth + 1);
            }
            else
            {
                value = Empty(Start(_tokens.Peek()));
            }

            Add(mapping, ref keys, key, value);
        }
    }

    private YSequence ReadFlowSequence(SourcePosition start, int depth)
    {
        var sequence = Enter(new YSequence(start) { File = _file }, depth);
        _tokens.Next();
        for (var first = true; ; first = false)
        {
            if (!NextFlowItem<FlowSequenceEnd>(first, "']'"))
            {
                return sequence;
            }

            var token = _tokens.Peek();
            if (token is Key)
            {
                // "[a: 1]" is a list holding the one-entry mapping {a: 1}.
                var pair = Enter(new YMapping(Start(token)) { File = _file }, depth + 1);
                _tokens.Next();
                var key = _tokens.Peek() is Value or FlowEntry or FlowSequenceEnd ? Empty(Start(_tokens.Peek())) : ReadNode(block: false, indentless: false, depth + 2);
                var pairKeys = default(KeyIndex);
                Add(pair, ref pairKeys, key, ReadFlowValue<FlowSequenceEnd>(depth + 2));
                Add(sequence, pair);
            }
            else
            {
                Add(sequence, ReadNode(block: false, indentless: false, depth + 1));
            }
        }
    }

    private YMapping ReadFlowMapping(SourcePosition start, int depth)
    {
        var mapping = Enter(new YMapping(start) { File = _file }, depth);
        var keys = default(KeyIndex);
        _tokens.Next();
        for (var first = true; ; first = false)
        {
            if (!NextFlowItem<FlowMappingEnd>(first, "'}'"))
            {
                return mapping;
            }

            YNode key;
            if (_tokens.Peek() is Key)
            {
                _tokens.Next();
                key = _tokens.Peek() is Value or FlowEntry or FlowMappingEnd ? Empty(Start(_tokens.Peek())) : ReadNode(block: false, indentless: false, depth + 1);
            }
            else
            {
                // "{a, b}": keys without values.
                key = ReadNode(block: false, indentless: false, depth + 1);
            }

            Add(mapping, ref keys, key, ReadFlowValue<FlowMappingEnd>(depth + 1));
        }
    }

    /// <summary>Consumes the ',' before an item (not before the first); false, with the closer consumed, when the collection ends.</summary>
    private bool NextFlowItem<TEnd>(bool first, string closer)
        where TEnd : Token
    {
        if (_tokens.Peek() is TEnd)
        {
            _tokens.Next();
            return false;
        }

        if (first)
        {
            return true;
        }

        if (_tokens.Peek() is not FlowEntry)
        {
            throw Syntax(_tokens.Peek(), $"expected ',' or {closer} here; check the brackets on this line.");
        }

        _tokens.Next();
        if (_tokens.Peek() is TEnd)
        {
            _tokens.Next();
            return false;
        }

        return true;
    }

    private YNode ReadFlowValue<TEnd>(int depth)
        where TEnd : Token
    {
        if (_tokens.Peek() is Value)
        {
            _tokens.Next();
            if (_tokens.Peek() is not (FlowEntry or TEnd))
            {
                return ReadNode(block: false, indentless: false, depth);
            }
        }

        return Empty(Start(_tokens.Peek()));
    }
}
