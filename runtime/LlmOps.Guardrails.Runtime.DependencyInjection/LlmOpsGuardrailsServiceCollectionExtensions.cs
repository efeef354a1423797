using System;
using LlmOps.Guardrails.Runtime.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LlmOps.Guardrails.Runtime;

/// <summary>Registers the <c>LlmOps</c> configuration section for the guardrails built by <c>ChatClientBuilder</c>.</summary>
public static class LlmOpsGuardrailsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <paramref name="section"/> (usually <c>configuration.GetSection("LlmOps")</c>) as the guardrails' options:
    /// every <c>services.AddChatClient(...).UseLlmOpsGuardrails()</c> (and the <c>UseLlmOpsX</c> steps given no options)
    /// starts from it. The section is validated on the first resolve and, with a generic host, when the host starts
    /// (<c>ValidateOnStart</c>): an <see cref="OptionsValidationException"/> lists every problem by full key
    /// (<c>LlmOps:Budgets:0:Window: 'Fortnight' is not one of Hour, Day, Month...</c>), unknown keys included.
    /// </summary>
    public static IServiceCollection AddLlmOpsGuardrails(this IServiceCollection services, IConfiguration section)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (section is null)
        {
            throw new ArgumentNullException(nameof(section));
        }

        services.AddOptions<GuardrailsSettings>()
            .Configure(settings => GuardrailsSectionReader.Read(section, settings))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GuardrailsSettings>, GuardrailsSettingsValidation>());
        return services;
    }
}
