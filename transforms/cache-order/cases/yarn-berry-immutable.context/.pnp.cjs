// the loader Yarn wrote
