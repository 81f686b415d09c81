FROM centos:7
RUN yum install -y jq
LABEL a=b
RUN yum clean all
