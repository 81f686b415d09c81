module.exports = { hooks: { readPackage(pkg) { return require('./pins.json').apply(pkg); } } };
