namespace SurgicalNav.Tracking.Protocol;

/// <summary>Size rules for each message type's content.</summary>
public sealed partial class IgtlMessage
{
    private bool CheckContent(out string problem)
    {
        int n = _contentLength;
        problem = "";
        bool ok = Prefix switch
        {
            IgtlPrefix.Get or IgtlPrefix.Stop => true,
            IgtlPrefix.Start => DataType is not (IgtlDataType.TData or IgtlDataType.QtData) || n == IgtlBody.StartTrackingSize || n == 0,
            IgtlPrefix.ReadyToSend => n <= 1,
            _ => DataType switch
            {
                IgtlDataType.Transform => n == IgtlBody.TransformSize,
                IgtlDataType.Position => n is 12 or 24 or 28,
                IgtlDataType.TData => n % IgtlBody.TDataElementSize == 0,
                IgtlDataType.QtData => n % IgtlBody.QtDataElementSize == 0,
                IgtlDataType.Status => n >= IgtlBody.StatusFixedSize,
                IgtlDataType.String => n >= 4 && IgtlBody.StringLength(Content) <= n - 4,
                IgtlDataType.Point => n % IgtlBody.PointElementSize == 0,
                IgtlDataType.Image => n >= IgtlBody.ImageHeaderSize && IgtlBody.ImagePixelBytes(Content) <= n - IgtlBody.ImageHeaderSize,
                _ => false,
            },
        };
        if (!ok) problem = $"{IgtlTypeNames.ToText(Prefix, DataType)} content of {n} bytes does not have the size that type requires";
        return ok;
    }
}
