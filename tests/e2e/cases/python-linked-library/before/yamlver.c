#include <Python.h>
#include <yaml.h>

/* libyaml's own version string: calling it needs libyaml's shared library at run time. */
static PyObject *version(PyObject *self, PyObject *args) {
    return PyUnicode_FromString(yaml_get_version_string());
}

static PyMethodDef methods[] = {{"version", version, METH_NOARGS, "libyaml's version."}, {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "yamlver", NULL, -1, methods};

PyMODINIT_FUNC PyInit_yamlver(void) { return PyModule_Create(&module); }
