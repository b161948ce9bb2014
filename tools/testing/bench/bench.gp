# SPDX-License-Identifier: GPL-2.0
# gnuplot -e "datafile='...'; output='...'" bench.gp: the map cycle's cost
# per page against N (bench.awk's plot data: N ours in-tree floor).
set terminal pngcairo size 900,600 noenhanced
set output output
set datafile missing "-"
set logscale xy
set grid
set key top right
set xlabel "N (pages per request)"
set ylabel "µs per page (median of the rounds)"
set title "gntdev map cycle (MAP, mmap, touch, munmap, UNMAP) vs the bare map+unmap hypercalls"
plot datafile using 1:2 with linespoints lw 2 title "ours (gntdev.ko)", \
     datafile using 1:3 with linespoints lw 2 title "Linux in-tree (xen-gntdev)", \
     datafile using 1:4 with linespoints lw 2 dt 2 title "floor: GNTTABOP_map+unmap_grant_ref"
