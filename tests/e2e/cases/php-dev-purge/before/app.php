<?php
// Uses each extension, so that a library the purge took would show.
$im = imagecreatetruecolor(4, 4);
ob_start();
imagepng($im);
$png = ob_get_clean();
$zip = new ZipArchive();
$path = tempnam(sys_get_temp_dir(), "z");
$zip->open($path, ZipArchive::OVERWRITE);
$zip->addFromString("a.txt", "hello");
$zip->close();
echo "png ", strlen($png) > 0 ? "ok" : "empty", "\n";
echo "zip ", filesize($path) > 0 ? "ok" : "empty", "\n";
echo "pgsql ", function_exists("pg_connect") ? "ok" : "missing", "\n";
echo "libpq ", pg_version()["client"] ?? "none", "\n";
$f = new NumberFormatter("de_DE", NumberFormatter::DECIMAL);
echo "intl ", $f->format(1234.5), "\n";
