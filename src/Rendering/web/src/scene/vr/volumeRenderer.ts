import {
  BackSide, BoxGeometry, Color, Data3DTexture, GLSL3, LinearFilter, Matrix4, Mesh, Plane, RedFormat, ShaderMaterial, UnsignedByteType, Vector3, Vector4,
} from 'three';
import type { Vec3 } from '../../net/protocol';
import type { VolumeTexture } from '../../net/vrApi';
import { lpsMmToGltfM } from '../coordinates';

/**
 * A transfer function: HU below `lowHu` are clear, opacity ramps to `opacity` at `highHu`, colour from `low` to
 * `high` over the same ramp. `mip` draws the maximum intensity through the window instead of compositing.
 */
export interface TransferPreset {
  name: string;
  label: string;
  lowHu: number;
  highHu: number;
  low: string;
  high: string;
  /** Opacity per millimetre of path at the top of the ramp. */
  opacity: number;
  mip: boolean;
}

/** The presets offered in the panel and on the desktop. */
export const transferPresets: readonly TransferPreset[] = [
  { name: 'soft', label: 'Soft tissue', lowHu: -20, highHu: 260, low: '#c0634a', high: '#fff0e0', opacity: 0.03, mip: false },
  { name: 'bone', label: 'Bone', lowHu: 180, highHu: 900, low: '#8a7a5a', high: '#fff6e6', opacity: 0.25, mip: false },
  { name: 'vessels', label: 'Vessels', lowHu: 140, highHu: 360, low: '#9b1c1c', high: '#ffb0a0', opacity: 0.12, mip: false },
  { name: 'mip', label: 'MIP', lowHu: -160, highHu: 240, low: '#000000', high: '#ffffff', opacity: 1, mip: true },
];

const vertexShader = /* glsl */ `
out vec3 vOrigin;
out vec3 vPoint;
void main() {
  vPoint = position;
  vOrigin = (inverse(modelMatrix) * vec4(cameraPosition, 1.0)).xyz;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}`;

const fragmentShader = /* glsl */ `
precision highp float;
precision highp sampler3D;
uniform sampler3D uVolume;
uniform vec3 uDims;
uniform float uHuMin, uHuMax, uLowHu, uHighHu, uOpacity, uMip, uStepMm;
uniform vec3 uLow, uHigh;
uniform vec4 uClip;      // plane in texture space: dot(n, p) + d < 0 is cut away; w=0,n=0 disables
uniform float uClipOn;
in vec3 vOrigin;
in vec3 vPoint;
out vec4 outColor;

vec2 hitBox(vec3 o, vec3 d) {
  vec3 inv = 1.0 / d;
  vec3 t0 = (vec3(0.0) - o) * inv, t1 = (vec3(1.0) - o) * inv;
  vec3 tmin = min(t0, t1), tmax = max(t0, t1);
  return vec2(max(max(tmin.x, tmin.y), tmin.z), min(min(tmax.x, tmax.y), tmax.z));
}

void main() {
  vec3 dir = normalize(vPoint - vOrigin);
  vec2 span = hitBox(vOrigin, dir);
  span.x = max(span.x, 0.0);
  if (span.x >= span.y) discard;
  // March about one voxel per step along the longest axis, at most 256 steps.
  float steps = min(256.0, ceil((span.y - span.x) * max(uDims.x, max(uDims.y, uDims.z))));
  float dt = (span.y - span.x) / steps;
  vec4 acc = vec4(0.0);
  float best = 0.0;
  vec3 p = vOrigin + (span.x + 0.5 * dt) * dir;
  for (float i = 0.0; i < 256.0; i += 1.0) {
    if (i >= steps) break;
    if (uClipOn < 0.5 || dot(uClip.xyz, p) + uClip.w >= 0.0) {
      float hu = mix(uHuMin, uHuMax, texture(uVolume, p).r);
      float ramp = clamp((hu - uLowHu) / (uHighHu - uLowHu), 0.0, 1.0);
      if (uMip > 0.5) {
        best = max(best, ramp);
      } else if (ramp > 0.0) {
        float a = 1.0 - pow(1.0 - clamp(uOpacity * ramp, 0.0, 1.0), uStepMm);
        vec3 c = mix(uLow, uHigh, ramp);
        acc.rgb += (1.0 - acc.a) * a * c;
        acc.a += (1.0 - acc.a) * a;
        if (acc.a > 0.97) break;
      }
    }
    p += dir * dt;
  }
  if (uMip > 0.5) {
    if (best <= 0.0) discard;
    outColor = vec4(mix(uLow, uHigh, best), 0.92);
  } else {
    if (acc.a < 0.01) discard;
    outColor = vec4(acc.rgb / acc.a, acc.a);
  }
}`;

/**
 * The CT ray-marched in the patient frame. The box's local coordinates are texture coordinates [0,1]³, and its
 * matrix carries them to glTF metres of the patient frame through the grid (origin, spacing, direction), so the
 * volume lies exactly under the meshes and the plan.
 */
export class VolumeRenderer {
  readonly mesh: Mesh<BoxGeometry, ShaderMaterial>;
  private readonly texture: Data3DTexture;
  private readonly inverse = new Matrix4();
  private readonly plane = new Plane();
  preset: TransferPreset = transferPresets[0];

  constructor(readonly volume: VolumeTexture) {
    const [nx, ny, nz] = volume.dimensions;
    this.texture = new Data3DTexture(volume.data, nx, ny, nz);
    this.texture.format = RedFormat;
    this.texture.type = UnsignedByteType;
    this.texture.minFilter = LinearFilter;
    this.texture.magFilter = LinearFilter;
    this.texture.unpackAlignment = 1;
    this.texture.needsUpdate = true;
    const geometry = new BoxGeometry(1, 1, 1).translate(0.5, 0.5, 0.5);
    // One step of the march is one voxel of the longest axis; its length in mm scales the per-mm opacity.
    const longest = Math.max(nx, ny, nz);
    const extentMm = Math.max(nx * volume.spacingMm[0], ny * volume.spacingMm[1], nz * volume.spacingMm[2]);
    const material = new ShaderMaterial({
      glslVersion: GLSL3,
      vertexShader, fragmentShader,
      side: BackSide,
      transparent: true,
      depthWrite: false,
      uniforms: {
        uVolume: { value: this.texture },
        uDims: { value: new Vector3(nx, ny, nz) },
        uHuMin: { value: volume.huMin }, uHuMax: { value: volume.huMax },
        uLowHu: { value: 0 }, uHighHu: { value: 1 }, uOpacity: { value: 0 }, uMip: { value: 0 },
        uStepMm: { value: extentMm / longest },
        uLow: { value: new Color() }, uHigh: { value: new Color() },
        uClip: { value: new Vector4() }, uClipOn: { value: 0 },
      },
    });
    this.mesh = new Mesh(geometry, material);
    this.mesh.name = 'ct-volume';
    this.mesh.renderOrder = 1;
    this.mesh.matrixAutoUpdate = false;
    this.mesh.matrix.copy(textureToGltf(volume));
    this.mesh.matrixWorldNeedsUpdate = true;
    this.setPreset(this.preset);
  }

  /** Applies a transfer-function preset. */
  setPreset(preset: TransferPreset): void {
    this.preset = preset;
    const u = this.mesh.material.uniforms;
    u.uLowHu.value = preset.lowHu;
    u.uHighHu.value = preset.highHu;
    u.uOpacity.value = preset.opacity;
    u.uMip.value = preset.mip ? 1 : 0;
    (u.uLow.value as Color).set(preset.low);
    (u.uHigh.value as Color).set(preset.high);
  }

  /** Cuts away what lies on the negative side of a world-space plane; null keeps everything. */
  setClipPlane(world: Plane | null): void {
    const u = this.mesh.material.uniforms;
    u.uClipOn.value = world ? 1 : 0;
    if (!world) return;
    this.mesh.updateWorldMatrix(true, false);
    this.inverse.copy(this.mesh.matrixWorld).invert();
    // Plane.applyMatrix4 wants the matrix taking world to the plane's new space: world to texture coordinates.
    this.plane.copy(world).applyMatrix4(this.inverse);
    (u.uClip.value as Vector4).set(this.plane.normal.x, this.plane.normal.y, this.plane.normal.z, this.plane.constant);
  }

  /** Frees the GPU texture and buffers. */
  dispose(): void {
    this.texture.dispose();
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
  }
}

/**
 * Texture coordinates [0,1]³ to glTF metres: voxel index = t·dims − ½, LPS = origin + D·(spacing ∘ index), and
 * LPS to glTF through {@link lpsMmToGltfM} (the affine map is fixed by where the corner and the three edges land).
 */
export function textureToGltf(v: VolumeTexture): Matrix4 {
  const d = v.direction.length === 9 ? v.direction : [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const lps = (t: Vec3): Vec3 => {
    const idx = [0, 1, 2].map(a => (t[a] * v.dimensions[a] - 0.5) * v.spacingMm[a]);
    return [0, 1, 2].map(r => v.originMm[r] + d[r * 3] * idx[0] + d[r * 3 + 1] * idx[1] + d[r * 3 + 2] * idx[2]) as Vec3;
  };
  const o = lpsMmToGltfM(lps([0, 0, 0]));
  const x = lpsMmToGltfM(lps([1, 0, 0])).sub(o), y = lpsMmToGltfM(lps([0, 1, 0])).sub(o), z = lpsMmToGltfM(lps([0, 0, 1])).sub(o);
  return new Matrix4().makeBasis(x, y, z).setPosition(o);
}
