# The tree every case starts from, made in an empty scratch folder (run with sh).
set -e
printf 'alpha\n' > a.txt
printf 'beta\n' > b.txt
mkdir -p dir/sub out
printf 'c\n' > dir/c.txt
printf 'd\n' > dir/sub/d.txt
printf 'gz\n' > data && gzip data
mkdir -p pkg && printf 'x\n' > pkg/x.txt && printf 'y\n' > pkg/y.txt
tar -czf arch.tgz pkg && tar -cf plain.tar pkg && rm -r pkg
printf 's/alpha/ALPHA/\n' > script.sed
printf '{ print }\n' > prog.awk
printf 'alpha\n' > patterns
printf 'a.txt\nb.txt\n' > list.txt
printf 'all:\n\techo built > made.txt\n' > Makefile
printf 'int main(void) { return 0; }\n' > hello.c
printf '#!/bin/sh\necho hi\n' > run.sh && chmod +x run.sh
ln -s a.txt link
printf 'z\\n' > zfile.txt && zip -q arch.zip zfile.txt && rm zfile.txt
mkdir -p empty/inner
printf '{"name":"seed","version":"1.0.0","scripts":{"build":"echo built > dist.txt"}}\n' > package.json
mkdir -p sub && printf 'all:\n\techo sub > sub-made.txt\n' > sub/Makefile
