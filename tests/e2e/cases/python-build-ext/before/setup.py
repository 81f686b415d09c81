from setuptools import Extension, setup

setup(name="hello", version="1.0", ext_modules=[Extension("hello", ["hello.c"])])
