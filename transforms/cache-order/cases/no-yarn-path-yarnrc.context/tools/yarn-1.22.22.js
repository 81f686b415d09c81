// the Yarn release the project runs
