# Settings the boot script reads.
export APP_ENV=production
