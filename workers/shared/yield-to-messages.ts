// Lets a worker take its messages (a Stop, a Cancel) between the steps of a long task: a MessageChannel
// turn, which browsers do not clamp as they clamp nested setTimeout(0) to 4 ms. A model run resolves
// through microtasks only, so without this a message waits until the whole task is done.
export function yieldToMessages(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
