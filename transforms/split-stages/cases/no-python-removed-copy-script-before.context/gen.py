open('requirements.txt', 'w').write('flask\n')
