using System;

namespace LlmOps.Guardrails.Runtime.PostgreSql
{
    /// <summary>Schema names of the budget store, the spend ledger and the audit sink, put into their SQL text.</summary>
    internal static class PostgresIdentifiers
    {
        /// <summary>A double-quoted identifier, safe to put in SQL text.</summary>
        public static string Quote(string name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A schema name is required.", nameof(name));
            }

            return "\"" + name.Replace("\"", "\"\"") + "\"";
        }
    }
}
