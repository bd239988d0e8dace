using System.Text.Json;
using SurgicalNav.Imaging.Json;

namespace SurgicalNav.Planning.Ablation;

/// <summary>The editable device table (assets/ablation-devices.json): devices and their zone sizes per power and time.</summary>
public sealed class AblationDeviceTable
{
    private sealed record FileShape(string? Comment, IReadOnlyList<AblationDevice>? Devices);

    private AblationDeviceTable(IReadOnlyList<AblationDevice> devices) => Devices = devices;

    /// <summary>The devices in file order.</summary>
    public IReadOnlyList<AblationDevice> Devices { get; }

    /// <summary>The path of the table shipped beside the program: assets/ablation-devices.json.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "assets", "ablation-devices.json");

    /// <summary>Reads a table; throws <see cref="PlanningException"/> naming the file and the row when it is malformed.</summary>
    public static AblationDeviceTable Load(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path)) throw new PlanningException($"ablation device table '{path}' is missing; restore assets/ablation-devices.json");
        FileShape? shape;
        try { shape = JsonSerializer.Deserialize<FileShape>(File.ReadAllText(path), NavJson.Options); }
        catch (JsonException e) { throw new PlanningException($"ablation device table '{path}' is not valid JSON ({e.Message}); fix or restore it"); }
        if (shape?.Devices is not { Count: > 0 } devices) throw new PlanningException($"ablation device table '{path}' lists no devices");
        foreach (AblationDevice d in devices)
        {
            if (string.IsNullOrWhiteSpace(d.Name) || d.Rows is not { Count: > 0 }) throw new PlanningException($"'{path}': every device needs a name and at least one row");
            foreach (AblationZoneRow r in d.Rows)
            {
                if (r.PowerW <= 0 || r.TimeS <= 0 || r.ZoneLengthMm <= 0 || r.ZoneDiameterMm <= 0 || string.IsNullOrWhiteSpace(r.Source))
                {
                    throw new PlanningException($"'{path}': device '{d.Name}' row {r.PowerW} W {r.TimeS} s needs positive power, time, length and diameter and a source");
                }
            }
        }
        return new AblationDeviceTable(devices);
    }

    /// <summary>The device and row for the settings; throws naming the known devices or the powers and times the table holds.</summary>
    public (AblationDevice Device, AblationZoneRow Row) Find(DeviceSettings settings)
    {
        AblationDevice device = Devices.FirstOrDefault(d => string.Equals(d.Name, settings.Device, StringComparison.OrdinalIgnoreCase))
            ?? throw new PlanningException($"unknown ablation device '{settings.Device}'; the table has {string.Join(", ", Devices.Select(d => d.Name))}");
        AblationZoneRow? row = device.Rows.FirstOrDefault(r => Math.Abs(r.PowerW - settings.PowerW) < 1e-6 && Math.Abs(r.TimeS - settings.TimeS) < 1e-6);
        return row is null
            ? throw new PlanningException($"device '{device.Name}' has no zone for {settings.PowerW} W, {settings.TimeS} s; the table holds " +
                string.Join(", ", device.Rows.Select(r => $"{r.PowerW} W {r.TimeS} s")) + " (zones outside the table are not extrapolated)")
            : (device, row);
    }
}
