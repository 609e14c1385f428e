/**
 * `k8s_secret`: one data key of an existing Kubernetes Secret, by a JSON merge patch (other keys untouched).
 * Credentials: the kubeconfig ($KUBECONFIG, else ~/.kube/config) or, in a pod, the in-cluster service account —
 * @kubernetes/client-node's own discovery. Pinned to 1.x: 2.x crashes on Node 20.
 */
import { SinkError, describeSdkError } from './sink-error.js';

export interface K8sSinkSpec {
  namespace: string;
  name: string;
  key: string;
  context?: string;
}

export async function writeK8sSecret(spec: K8sSinkSpec, secret: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  try {
    // Our env, not process.env: pat is also run in process (tests) with its own environment.
    const file = env.KUBECONFIG?.split(':').find(Boolean);
    if (file) kc.loadFromFile(file);
    else kc.loadFromDefault();
    if (spec.context) kc.setCurrentContext(spec.context);
  } catch (error) {
    throw new SinkError(`Kubernetes: cannot load the kubeconfig: ${describeSdkError(error, secret)}`);
  }
  const api = kc.makeApiClient(k8s.CoreV1Api);
  const where = `${spec.namespace}/${spec.name}`;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SinkError(`Kubernetes Secret ${where}: no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([
      api.patchNamespacedSecret(
        { name: spec.name, namespace: spec.namespace, body: { data: { [spec.key]: Buffer.from(secret, 'utf8').toString('base64') } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      ),
      deadline,
    ]);
    return `key ${spec.key}`;
  } catch (error) {
    if (error instanceof SinkError) throw error;
    throw new SinkError(`Kubernetes Secret ${where}: ${describeSdkError(error, secret)}`);
  } finally {
    clearTimeout(timer);
  }
}
