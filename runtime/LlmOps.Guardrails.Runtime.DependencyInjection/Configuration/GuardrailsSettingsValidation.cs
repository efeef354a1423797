using System;
using System.Linq;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmOps.Guardrails.Runtime.Configuration;

/// <summary>
/// Fails the <c>LlmOps</c> options with every problem the reader found, and with fallback targets that name no
/// registered <see cref="IChatClient"/>. Runs on the first resolve of the options and, through <c>ValidateOnStart</c>,
/// when the host starts.
/// </summary>
internal sealed class GuardrailsSettingsValidation : IValidateOptions<GuardrailsSettings>
{
    private readonly IServiceProvider services;

    public GuardrailsSettingsValidation(IServiceProvider services) => this.services = services;

    public ValidateOptionsResult Validate(string? name, GuardrailsSettings options)
    {
        if (options is null || !options.Bound)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = options.Errors.ToList();
        var keyed = services.GetService<IServiceProviderIsKeyedService>();
        foreach (var target in options.FallbackTargets)
        {
            if (keyed is not null && !keyed.IsKeyedService(typeof(IChatClient), target.Name))
            {
                errors.Add(GuardrailsSettingsApplier.MissingTarget(target));
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
