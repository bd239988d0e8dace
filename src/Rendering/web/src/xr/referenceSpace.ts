import { requestedEmulation } from './emulation';

/**
 * `base` with its origin moved to `position` (m) and turned by `orientation`, both in `base`: poses seen in the new
 * space are the old ones with that transform undone (XRReferenceSpace.getOffsetReferenceSpace).
 */
export function offsetReferenceSpace(
  base: XRReferenceSpace,
  position: { x: number; y: number; z: number },
  orientation: { x: number; y: number; z: number; w: number },
): XRReferenceSpace {
  const transform = new XRRigidTransform({ x: position.x, y: position.y, z: position.z, w: 1 }, { x: orientation.x, y: orientation.y, z: orientation.z, w: orientation.w });
  // iwer 2.5, the emulator behind ?xr=, reads this argument as a column-major 4x4 matrix rather than the XRRigidTransform
  // the WebXR spec (and every headset browser) takes; the transform's own matrix is the same offset in its form.
  return base.getOffsetReferenceSpace(requestedEmulation() ? transform.matrix as unknown as XRRigidTransform : transform);
}
