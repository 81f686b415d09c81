<?php
// What the image runs: the autoloader Composer wrote, the path package it linked, the
// zip extension built against libzip, and the ini file written under $PHP_INI_DIR.
require __DIR__ . '/vendor/autoload.php';

echo Acme\Greeter\Greeter::hello('world'), "\n";
$zip = new ZipArchive();
$file = tempnam(sys_get_temp_dir(), 'z');
var_dump($zip->open($file, ZipArchive::OVERWRITE) === true && $zip->addFromString('a.txt', 'abc') && $zip->close());
echo 'memory_limit=', ini_get('memory_limit'), "\n";
echo 'vendor link: ', is_link(__DIR__ . '/vendor/acme/greeter') ? readlink(__DIR__ . '/vendor/acme/greeter') : 'copied', "\n";
