LDLIBS_clients_xdom_vchan := -lxenvchan
