FROM mambaorg/micromamba
RUN micromamba install -y -n base -c conda-forge python=3.12
