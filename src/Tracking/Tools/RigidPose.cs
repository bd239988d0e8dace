using System.Runtime.CompilerServices;

namespace SurgicalNav.Tracking.Tools;

/// <summary>
/// A rigid pose as OpenIGTLink sends it: 12 float32 in wire order R11 R21 R31 R12 R22 R32 R13 R23 R33 TX TY TZ,
/// that is the rotation columns then the translation in mm, mapping tool coordinates into the sender's frame
/// (usually the tracker's). Kept as float so values round-trip bit-exactly.
/// </summary>
[InlineArray(12)]
public struct RigidPose
{
    private float _element0;

    /// <summary>The identity pose.</summary>
    public static RigidPose Identity
    {
        get
        {
            var p = new RigidPose();
            p[0] = 1; p[4] = 1; p[8] = 1;
            return p;
        }
    }

    /// <summary>Rotation element at (row, column), both 0..2; dimensionless.</summary>
    public readonly float R(int row, int column) => this[column * 3 + row];

    /// <summary>Translation x in mm (sender's frame).</summary>
    public readonly float XMm => this[9];

    /// <summary>Translation y in mm (sender's frame).</summary>
    public readonly float YMm => this[10];

    /// <summary>Translation z in mm (sender's frame).</summary>
    public readonly float ZMm => this[11];

    /// <summary>Pose from a position in mm and a unit quaternion (x, y, z, w), as POSITION and QTDATA send it.</summary>
    public static RigidPose FromQuaternion(float xMm, float yMm, float zMm, float qx, float qy, float qz, float qw)
    {
        double n = Math.Sqrt((double)qx * qx + (double)qy * qy + (double)qz * qz + (double)qw * qw);
        var p = new RigidPose();
        if (n > 0)
        {
            double x = qx / n, y = qy / n, z = qz / n, w = qw / n;
            p[0] = (float)(1 - 2 * (y * y + z * z)); p[3] = (float)(2 * (x * y - z * w)); p[6] = (float)(2 * (x * z + y * w));
            p[1] = (float)(2 * (x * y + z * w)); p[4] = (float)(1 - 2 * (x * x + z * z)); p[7] = (float)(2 * (y * z - x * w));
            p[2] = (float)(2 * (x * z - y * w)); p[5] = (float)(2 * (y * z + x * w)); p[8] = (float)(1 - 2 * (x * x + y * y));
        }
        p[9] = xMm; p[10] = yMm; p[11] = zMm;
        return p;
    }

    /// <summary>Unit quaternion (x, y, z, w) of the rotation part (Shepperd's method).</summary>
    public readonly (float X, float Y, float Z, float W) ToQuaternion()
    {
        double m00 = R(0, 0), m11 = R(1, 1), m22 = R(2, 2), trace = m00 + m11 + m22;
        double x, y, z, w;
        if (trace > 0)
        {
            double s = Math.Sqrt(trace + 1) * 2;
            w = 0.25 * s; x = (R(2, 1) - R(1, 2)) / s; y = (R(0, 2) - R(2, 0)) / s; z = (R(1, 0) - R(0, 1)) / s;
        }
        else if (m00 > m11 && m00 > m22)
        {
            double s = Math.Sqrt(1 + m00 - m11 - m22) * 2;
            w = (R(2, 1) - R(1, 2)) / s; x = 0.25 * s; y = (R(0, 1) + R(1, 0)) / s; z = (R(0, 2) + R(2, 0)) / s;
        }
        else if (m11 > m22)
        {
            double s = Math.Sqrt(1 + m11 - m00 - m22) * 2;
            w = (R(0, 2) - R(2, 0)) / s; x = (R(0, 1) + R(1, 0)) / s; y = 0.25 * s; z = (R(1, 2) + R(2, 1)) / s;
        }
        else
        {
            double s = Math.Sqrt(1 + m22 - m00 - m11) * 2;
            w = (R(1, 0) - R(0, 1)) / s; x = (R(0, 2) + R(2, 0)) / s; y = (R(1, 2) + R(2, 1)) / s; z = 0.25 * s;
        }
        return ((float)x, (float)y, (float)z, (float)w);
    }

    /// <summary>True when the rotation part is all zeros, which trackers send for a tool they cannot see.</summary>
    public readonly bool IsZeroRotation()
    {
        for (int i = 0; i < 9; i++) if (this[i] != 0) return false;
        return true;
    }
}
