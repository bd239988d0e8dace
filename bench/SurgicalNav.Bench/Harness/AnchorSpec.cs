namespace SurgicalNav.Bench.Harness;

/// <summary>
/// One anchor request: the op name in bench/anchors/anchor.py, its input files (raw, the bytes our side reads),
/// parameters, and whether it should write its output to a file for a full comparison.
/// </summary>
internal sealed record AnchorSpec(string Label, string Op, object Inputs, object Params, bool Dump = false);
