using System;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime
{
    public static class ChatOptionsAttributionExtensions
    {
        /// <summary>
        /// Writes the attribution keys (<see cref="AttributionKeys"/>) into <paramref name="options"/> and returns it.
        /// Null arguments leave their key untouched.
        /// </summary>
        public static ChatOptions WithAttribution(this ChatOptions options, string feature, string? team = null, string? tenant = null, string? user = null, string? promptId = null, string? promptVersion = null)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            var properties = options.AdditionalProperties ??= new AdditionalPropertiesDictionary();
            properties[AttributionKeys.Feature] = AttributionTags.Require(feature, nameof(feature));
            Set(properties, AttributionKeys.Team, team);
            Set(properties, AttributionKeys.Tenant, tenant);
            Set(properties, AttributionKeys.User, user);
            Set(properties, AttributionKeys.PromptId, promptId);
            Set(properties, AttributionKeys.PromptVersion, promptVersion);
            return options;
        }

        private static void Set(AdditionalPropertiesDictionary properties, string key, string? value)
        {
            if (AttributionTags.Clean(value) is { } clean)
            {
                properties[key] = clean;
            }
        }
    }
}
