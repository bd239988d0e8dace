import { Quaternion, Vector3 } from 'three';
import type { PerspectiveCamera, WebGLRenderer } from 'three';

/**
 * The viewer's head in the room (three's world frame, m): in a headset the point between the two eyes with the eyes'
 * orientation (three's XR camera is the left eye), else the desktop camera's pose.
 */
export function headPose(renderer: WebGLRenderer, camera: PerspectiveCamera): { position: Vector3; quaternion: Quaternion } {
  const eyes = renderer.xr.isPresenting ? renderer.xr.getCamera().cameras : [];
  if (eyes.length >= 2) {
    return { position: eyes[0].position.clone().add(eyes[1].position).multiplyScalar(0.5), quaternion: eyes[0].quaternion.clone() };
  }
  camera.updateMatrixWorld();
  return { position: new Vector3().setFromMatrixPosition(camera.matrixWorld), quaternion: camera.getWorldQuaternion(new Quaternion()) };
}
