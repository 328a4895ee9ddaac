import { MemoryResolutionStore } from './memory-store.ts';
import { describeResolutionStoreContract } from './store-contract.ts';

describeResolutionStoreContract('MemoryResolutionStore', async () => {
  const store = new MemoryResolutionStore();
  return { run: (work) => work(store), close: async () => {} };
});
