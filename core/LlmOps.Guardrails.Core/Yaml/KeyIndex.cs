using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Yaml;

/// <summary>The keys of one mapping: a scan while it is small (most are), a dictionary once it grows. A struct, so a small mapping costs no allocation.</summary>
internal struct KeyIndex
{
    private const int ScanLimit = 16;
    private Dictionary<string, YScalar>? _index;

    public readonly YScalar? FirstOf(YMapping mapping, YScalar key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key.Value, out var first) ? first : null;
        }

        return mapping.Find(key.Value)?.Key;
    }

    public void Added(YMapping mapping, YScalar key)
    {
        if (_index is not null)
        {
            _index[key.Value] = key;
        }
        else if (mapping.Entries.Count > ScanLimit)
        {
            _index = new Dictionary<string, YScalar>(StringComparer.Ordinal);
            foreach (var entry in mapping.Entries)
            {
                _index[entry.Key.Value] = entry.Key;
            }
        }
    }
}
