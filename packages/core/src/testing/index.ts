export {
  type ContractCheck,
  type ContractContext,
  type ContractFixture,
  type ContractRunner,
  type ContractSuiteOptions,
  contractChecks,
  describeAdapterContract,
} from './adapter-contract.js';
export {
  createMemoryAdapter,
  type MemoryDawOptions,
  memoryAdapterFactory,
  memoryAdapterManifest,
} from './memory-adapter.js';
