using System;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>What spend is grouped by: every call, or the calls of one feature, team, model, tenant or user.</summary>
    public enum SpendDimension
    {
        /// <summary>All calls together (key <c>""</c>).</summary>
        Global,
        Feature,
        Team,

        /// <summary>The model that answered (<see cref="LlmCallRecord.ResponseModel"/>), else the one asked for.</summary>
        Model,
        Tenant,

        /// <summary>Tracked in the stores only: a user id never goes on a metric tag.</summary>
        User,
    }

    /// <summary>Names and keys of <see cref="SpendDimension"/>.</summary>
    public static class SpendDimensions
    {
        /// <summary>Every dimension, in order.</summary>
        public static readonly SpendDimension[] All =
        {
            SpendDimension.Global, SpendDimension.Feature, SpendDimension.Team, SpendDimension.Model, SpendDimension.Tenant, SpendDimension.User,
        };

        /// <summary>The lowercase name used in tags, logs and the PostgreSQL tables: <c>feature</c>, <c>team</c>, ...</summary>
        public static string Name(SpendDimension dimension) => dimension switch
        {
            SpendDimension.Global => "global",
            SpendDimension.Feature => "feature",
            SpendDimension.Team => "team",
            SpendDimension.Model => "model",
            SpendDimension.Tenant => "tenant",
            SpendDimension.User => "user",
            _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
        };

        /// <summary>The value of <paramref name="dimension"/> for <paramref name="call"/>; null when the call has none.</summary>
        public static string? KeyOf(SpendDimension dimension, LlmCallRecord call)
        {
            var tags = call.Attribution;
            var key = dimension switch
            {
                SpendDimension.Global => string.Empty,
                SpendDimension.Feature => tags.Feature,
                SpendDimension.Team => tags.Team,
                SpendDimension.Model => call.ResponseModel ?? call.RequestModel,
                SpendDimension.Tenant => tags.Tenant,
                SpendDimension.User => tags.User,
                _ => null,
            };
            return key is null || (dimension != SpendDimension.Global && key.Length == 0) ? null : key;
        }
    }
}
