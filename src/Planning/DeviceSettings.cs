namespace SurgicalNav.Planning;

/// <summary>The generator settings for one needle: device name (as in assets/ablation-devices.json), power in W and time in s.</summary>
public sealed record DeviceSettings(string Device, double PowerW, double TimeS);
