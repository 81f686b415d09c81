// the native add-on the install builds
