module site
