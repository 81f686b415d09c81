# Each RUN already removes its cache: the removals are read from the command-effects
# layer (every operand of rm, a home written as ~ or $HOME, the output of the cache's own
# `cache dir` command).
FROM node:20
RUN npm ci && rm -rf /tmp/* /root/.npm
RUN yarn install --frozen-lockfile && rm -rf "$(yarn cache dir)"
RUN npm install -g pm2 && rm -rf ~/.npm/*
RUN yarn global add serve && rm -rf $HOME/.cache/yarn
