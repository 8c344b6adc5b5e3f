// Cameras and microphones: listing them (labels appear once permission is granted) and opening them.
import { startTestPattern } from './test-pattern';

export const TEST_PATTERN_ID = 'test-pattern';

export interface MediaDeviceOption {
  deviceId: string;
  label: string;
}

export async function listDevices(): Promise<{
  cameras: MediaDeviceOption[];
  microphones: MediaDeviceOption[];
}> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const pick = (kind: MediaDeviceKind) =>
    devices
      .filter((d) => d.kind === kind && d.deviceId)
      .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${kind} ${i + 1}` }));
  return { cameras: pick('videoinput'), microphones: pick('audioinput') };
}

export interface OpenedSource {
  track: MediaStreamTrack;
  stop(): void;
}

export async function openCamera(deviceId: string | null): Promise<OpenedSource> {
  if (deviceId === TEST_PATTERN_ID) {
    const pattern = startTestPattern();
    return { track: pattern.stream.getVideoTracks()[0]!, stop: () => pattern.stop() };
  }
  const stream = await navigator.mediaDevices.getUserMedia({
    video: {
      ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
      width: { ideal: 1280 },
      height: { ideal: 720 },
      frameRate: { ideal: 30 },
    },
  });
  const track = stream.getVideoTracks()[0]!;
  return { track, stop: () => track.stop() };
}

export async function openMicrophone(deviceId: string | null): Promise<OpenedSource> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: {
      ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
    },
  });
  const track = stream.getAudioTracks()[0]!;
  return { track, stop: () => track.stop() };
}
