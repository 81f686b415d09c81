FROM continuumio/miniconda3
RUN conda install -y numpy && conda clean -afy
