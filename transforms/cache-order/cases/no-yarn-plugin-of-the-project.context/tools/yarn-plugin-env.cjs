module.exports = { name: 'plugin-env', factory: () => ({}) };
