using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Catalog.Lookup;

namespace LlmOps.Guardrails.Core.Catalog.Building;

/// <summary>What a built catalog holds: resolved models and the indexes lookups run against.</summary>
internal sealed class CatalogContents
{
    public CatalogContents(
        IReadOnlyList<ModelInfo> models,
        IdIndex<IndexedModel> ids,
        IdIndex<IndexedDeployment> deployments,
        IReadOnlyDictionary<string, string> deploymentTargets,
        IReadOnlyList<string> knownNames,
        IReadOnlyList<DateTime?> knownRetires)
    {
        Models = models;
        Ids = ids;
        Deployments = deployments;
        DeploymentTargets = deploymentTargets;
        KnownNames = knownNames;
        KnownRetires = knownRetires;
    }

    public IReadOnlyList<ModelInfo> Models { get; }

    /// <summary>Model ids and alternate ids.</summary>
    public IdIndex<IndexedModel> Ids { get; }

    public IdIndex<IndexedDeployment> Deployments { get; }

    public IReadOnlyDictionary<string, string> DeploymentTargets { get; }

    /// <summary>Every name a lookup can hit, for typo suggestions.</summary>
    public IReadOnlyList<string> KnownNames { get; }

    /// <summary>For each of <see cref="KnownNames"/>, the day its model retires (null when none is known).</summary>
    public IReadOnlyList<DateTime?> KnownRetires { get; }
}

/// <summary>An index hit, prebuilt so that a successful lookup allocates nothing.</summary>
internal sealed class IndexedModel
{
    public IndexedModel(ModelInfo model, ModelMatchKind kind)
    {
        Model = model;
        Kind = kind;
    }

    public ModelInfo Model { get; }

    public ModelMatchKind Kind { get; }
}

internal sealed class IndexedDeployment
{
    public IndexedDeployment(string name, ModelInfo model)
    {
        Name = name;
        Model = model;
    }

    public string Name { get; }

    public ModelInfo Model { get; }
}
