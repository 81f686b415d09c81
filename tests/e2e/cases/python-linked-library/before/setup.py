# A C extension that links libyaml, whose -dev package the full image carries and whose
# library the slim image lacks: the split's runtime must install it.
from setuptools import Extension, setup

setup(
    name="yamlver",
    version="1.0",
    ext_modules=[Extension("yamlver", ["yamlver.c"], libraries=["yaml"])],
)
