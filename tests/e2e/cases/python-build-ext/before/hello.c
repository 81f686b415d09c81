#include <Python.h>

static PyObject *hi(PyObject *self, PyObject *args) { return PyUnicode_FromString("hi from C"); }

static PyMethodDef methods[] = {{"hi", hi, METH_NOARGS, "Say hi."}, {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "hello", NULL, -1, methods};

PyMODINIT_FUNC PyInit_hello(void) { return PyModule_Create(&module); }
